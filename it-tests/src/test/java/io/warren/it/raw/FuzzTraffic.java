package io.warren.it.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpConstants;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import io.warren.codec.method.ConfirmMethod;
import io.warren.codec.method.ExchangeMethod;
import io.warren.codec.method.Method;
import io.warren.codec.method.QueueMethod;
import io.warren.codec.method.TxMethod;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random but well-formed client traffic for one connection, for {@link WireFuzzIT}: the frames a client could
 * send, in an order a client might, with arguments drawn from valid and invalid values (unknown exchange types,
 * {@code x-*} arguments of the wrong type or out of range, unknown delivery tags, names other connections own).
 * The same seed gives the same frames; {@link #describe} lists the operations for a failure message.
 */
final class FuzzTraffic {
    /** One frame before it is turned into bytes, so that a mutation can change any part of it. */
    record Frame(int type, int channel, byte[] payload, int end) {
        Frame(int type, int channel, byte[] payload) {
            this(type, channel, payload, AmqpConstants.FRAME_END);
        }

        byte[] bytes() {
            return Frames.frame(type, channel, payload, end);
        }
    }

    private static final String[] EXCHANGE_TYPES = {"direct", "fanout", "topic", "headers"};
    private static final String[] ARGUMENT_KEYS = {"x-message-ttl", "x-expires", "x-max-length",
            "x-max-length-bytes", "x-overflow", "x-dead-letter-exchange", "x-dead-letter-routing-key",
            "x-max-priority", "x-queue-type", "x-single-active-consumer", "x-queue-mode", "x-delivery-limit",
            "x-max-age", "x-stream-max-segment-size-bytes", "alternate-exchange", "x-match", "x-priority",
            "x-stream-offset", "x-cancel-on-ha-failover", "x-dead-letter-strategy", "x-queue-version"};
    private static final String[] WORDS = {"", "a", "b", "#", "*", "a.b", "a.*", "#.b", "stream", "quorum",
            "classic", "first", "last", "next", "reject-publish", "drop-head", "all", "any", "1h", "-5",
            "amq.gen-x", "\u00e9\u00e8", "x".repeat(255)};

    private final Random random;
    private final String own;
    private final int frameMax;
    private final List<Frame> frames = new ArrayList<>();
    private final List<String> operations = new ArrayList<>();

    private FuzzTraffic(Random random, String own, int frameMax) {
        this.random = random;
        this.own = own;
        this.frameMax = frameMax;
    }

    /**
     * Opens channels 1 to {@code channels}, then {@code count} random operations on them. Names start with
     * {@code own} (this connection's) or {@code fz.shared} (every connection's).
     */
    static FuzzTraffic generate(long seed, String own, int frameMax, int channels, int count) {
        FuzzTraffic t = new FuzzTraffic(new Random(seed), own, frameMax);
        for (int ch = 1; ch <= channels; ch++) {
            t.method(ch, new ChannelMethod.Open(""));
        }
        for (int i = 0; i < count; i++) {
            t.operation(1 + t.random.nextInt(channels));
        }
        return t;
    }

    List<Frame> frames() {
        return frames;
    }

    String describe() {
        return String.join("; ", operations);
    }

    private void operation(int ch) {
        switch (random.nextInt(16)) {
            case 0 -> method(ch, new ExchangeMethod.Declare(0, exchange(),
                    flag(20) ? pick(new String[] {"x-bogus", ""}) : pick(EXCHANGE_TYPES), flag(8), flag(3),
                    flag(4), flag(8), flag(6), arguments()));
            case 1 -> method(ch, new ExchangeMethod.Delete(0, exchange(), flag(3), flag(6)));
            case 2 -> method(ch, random.nextBoolean()
                    ? new ExchangeMethod.Bind(0, exchange(), exchange(), word(), flag(6), arguments())
                    : new ExchangeMethod.Unbind(0, exchange(), exchange(), word(), flag(6), arguments()));
            case 3 -> method(ch, new QueueMethod.Declare(0, queue(), flag(8), flag(4), random.nextInt(4) != 0,
                    flag(3), flag(6), arguments()));
            case 4 -> method(ch, random.nextBoolean()
                    ? new QueueMethod.Bind(0, queue(), exchange(), word(), flag(6), arguments())
                    : new QueueMethod.Unbind(0, queue(), exchange(), word(), arguments()));
            case 5 -> method(ch, random.nextBoolean() ? new QueueMethod.Purge(0, queue(), flag(6))
                    : new QueueMethod.Delete(0, queue(), flag(3), flag(3), flag(6)));
            case 6, 7, 8 -> publish(ch);
            case 9 -> method(ch, new BasicMethod.Consume(0, queue(), random.nextBoolean() ? "" : "tag" + random.nextInt(3),
                    flag(8), flag(3), flag(6), flag(6), arguments()));
            case 10 -> method(ch, random.nextBoolean() ? new BasicMethod.Cancel("tag" + random.nextInt(3), flag(6))
                    : new BasicMethod.Get(0, queue(), flag(2)));
            case 11 -> method(ch, switch (random.nextInt(3)) {
                case 0 -> new BasicMethod.Ack(tag(), flag(3));
                case 1 -> new BasicMethod.Nack(tag(), flag(3), flag(2));
                default -> new BasicMethod.Reject(tag(), flag(2));
            });
            case 12 -> method(ch, new BasicMethod.Qos(flag(30) ? random.nextInt() : 0,
                    random.nextInt(4) == 0 ? 65535 : random.nextInt(5), flag(3)));
            case 13 -> method(ch, switch (random.nextInt(4)) {
                case 0 -> new BasicMethod.Recover(!flag(10));
                case 1 -> new BasicMethod.RecoverAsync(!flag(10));
                case 2 -> new ChannelMethod.Flow(!flag(10));
                default -> new ConfirmMethod.Select(flag(6));
            });
            case 14 -> method(ch, switch (random.nextInt(3)) {
                case 0 -> new TxMethod.Select();
                case 1 -> new TxMethod.Commit();
                default -> new TxMethod.Rollback();
            });
            default -> {
                if (random.nextInt(8) == 0) {
                    method(ch, new ChannelMethod.Close(200, "fuzz", 0, 0));
                } else {
                    publish(ch);
                }
            }
        }
    }

    private void method(int ch, Method m) {
        frames.add(new Frame(AmqpConstants.FRAME_METHOD, ch, Frames.methodPayload(m)));
        operations.add(ch + ":" + m);
    }

    /** basic.publish, a content header with random properties and the body split at frame_max. */
    private void publish(int ch) {
        method(ch, new BasicMethod.Publish(0, exchange(), random.nextInt(3) == 0 ? queue() : word(), flag(3),
                flag(20)));
        int size = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(16);
            case 2 -> random.nextInt(frameMax);
            default -> random.nextInt(3 * frameMax);
        };
        ByteBuf header = Unpooled.buffer();
        try {
            header.writeShort(BasicMethod.CLASS_ID).writeShort(0).writeLong(size);
            BasicPropertiesCodec.encode(properties(), header);
            frames.add(new Frame(AmqpConstants.FRAME_HEADER, ch, ByteBufUtil.getBytes(header)));
        } finally {
            header.release();
        }
        byte[] body = new byte[size];
        random.nextBytes(body);
        int max = frameMax - AmqpConstants.FRAME_OVERHEAD;
        for (int off = 0; off < size; off += max) {
            frames.add(new Frame(AmqpConstants.FRAME_BODY, ch,
                    Arrays.copyOfRange(body, off, Math.min(size, off + max))));
        }
        operations.add(ch + ":content of " + size + " bytes");
    }

    private BasicProperties properties() {
        BasicProperties.Builder b = BasicProperties.builder();
        if (flag(2)) {
            b.deliveryMode(random.nextInt(4));
        }
        if (flag(3)) {
            b.priority(random.nextInt(256));
        }
        if (flag(3)) {
            b.expiration(pick(new String[] {"0", "10", "60000", "-1", "abc", "", "99999999999999999999"}));
        }
        if (flag(3)) {
            b.headers(arguments());
        }
        if (flag(4)) {
            b.replyTo(pick(new String[] {"amq.rabbitmq.reply-to", own + ".q0", "nowhere"}));
        }
        if (flag(5)) {
            b.userId(pick(new String[] {"guest", "someone", ""}));
        }
        if (flag(5)) {
            b.timestamp(random.nextLong());
        }
        if (flag(4)) {
            b.contentType("application/octet-stream").messageId(word()).correlationId(word()).type(word())
                    .appId(word()).clusterId(word()).contentEncoding(word());
        }
        return b.build();
    }

    /** A few {@code x-*} arguments with values of every field type, valid or not. */
    private FieldTable arguments() {
        int n = random.nextInt(4);
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            args.put(random.nextInt(10) == 0 ? word() : pick(ARGUMENT_KEYS), value(2));
        }
        return FieldTable.of(args);
    }

    private Object value(int depth) {
        return switch (random.nextInt(depth > 0 ? 16 : 13)) {
            case 0 -> random.nextInt(100_000);
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> -random.nextInt(10);
            case 4 -> word();
            case 5 -> random.nextBoolean();
            case 6 -> (byte) random.nextInt();
            case 7 -> (short) random.nextInt();
            case 8 -> random.nextFloat() * 1000;
            case 9 -> random.nextDouble() * -1e12;
            case 10 -> new BigDecimal(random.nextInt(100_000)).movePointLeft(random.nextInt(4));
            case 11 -> Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE));
            case 12 -> {
                byte[] b = new byte[random.nextInt(8)];
                random.nextBytes(b);
                yield b;
            }
            case 13 -> List.of(value(depth - 1), value(depth - 1));
            case 14 -> Map.of(pick(ARGUMENT_KEYS), value(depth - 1));
            default -> word();
        };
    }

    private String exchange() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> pick(new String[] {"amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"});
            case 2 -> "fz.shared.x" + random.nextInt(2);
            case 3 -> "amq.rabbitmq.reply-to";
            default -> own + ".x" + random.nextInt(2);
        };
    }

    private String queue() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "fz.shared.q" + random.nextInt(2);
            case 2 -> "amq.rabbitmq.reply-to";
            default -> own + ".q" + random.nextInt(3);
        };
    }

    private String word() {
        return random.nextInt(3) == 0 ? own + ".q" + random.nextInt(3) : pick(WORDS);
    }

    private long tag() {
        return random.nextInt(8) == 0 ? random.nextLong() : random.nextInt(6);
    }

    /** True one time in {@code n}. */
    private boolean flag(int n) {
        return random.nextInt(n) == 0;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
