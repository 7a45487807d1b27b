package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.FieldTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** A delivery written by {@link DeliveryFrames} is byte for byte what the encoder makes of the same command. */
class DeliveryFramesTest {
    private static final BasicProperties PROPS = BasicProperties.builder().contentType("text/plain")
            .deliveryMode(2).headers(FieldTable.of(Map.of("x-trace", "t1"))).build();

    @ParameterizedTest
    @CsvSource({"ctag, 42, true, ex, rk, 100", "amq.ctag-\u00e9t\u00e9, 1, false, '', queue.name, 0",
            "c, 9223372036854775807, false, amq.topic, a.b.c, 4088"})
    void matchesTheEncodedCommand(String consumerTag, long deliveryTag, boolean redelivered, String exchange,
                                  String routingKey, int bodySize) {
        byte[] body = new byte[bodySize];
        new Random(bodySize).nextBytes(body);
        ContentHeaderFrame header = ContentHeaderFrame.of(3, BasicMethod.CLASS_ID, bodySize, PROPS,
                PooledByteBufAllocator.DEFAULT);
        byte[] rawProperties = ByteBufUtil.getBytes(header.rawProperties());
        byte[] expected = encode(new Command(3, new BasicMethod.Deliver(consumerTag, deliveryTag, redelivered,
                exchange, routingKey), header, Unpooled.wrappedBuffer(body)));

        byte[] tag = consumerTag.getBytes(StandardCharsets.UTF_8);
        ByteBuf out = Unpooled.buffer();
        int tagIndex = DeliveryFrames.writeMethodFrame(out, 3, tag, redelivered, shortString(exchange),
                shortString(routingKey));
        int size = DeliveryFrames.beginHeaderFrame(out, 3, bodySize);
        out.writeBytes(rawProperties);
        DeliveryFrames.endFrame(out, size);
        DeliveryFrames.writeBodyFrame(out, 3, ByteBuffer.wrap(body));
        out.setLong(tagIndex, deliveryTag);

        assertArrayEquals(expected, ByteBufUtil.getBytes(out));
    }

    private static byte[] encode(Command c) {
        EmbeddedChannel ch = new EmbeddedChannel(new AmqpFrameEncoder(131_072));
        ch.writeOutbound(c);
        ByteBuf wire = ch.readOutbound();
        try {
            return ByteBufUtil.getBytes(wire);
        } finally {
            wire.release();
            ch.finishAndReleaseAll();
        }
    }

    private static ByteBuffer shortString(String s) {
        byte[] b = utf8(s);
        return ByteBuffer.allocate(1 + b.length).put((byte) b.length).put(b).flip();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
