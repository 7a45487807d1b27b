package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warren.broker.channel.WireDeliveryWriter;
import io.warren.broker.message.Message;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.frame.Frame;
import io.warren.codec.frame.MethodFrame;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;
import io.warren.codec.wire.AmqpFrameDecoder;
import io.warren.codec.wire.Command;
import io.warren.codec.wire.ContentAssembler;
import io.warren.store.log.LogConfig;
import io.warren.store.sync.SyncScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A stream on a real log with a fake channel: deliveries, acks, group commits and handover. */
class StreamQueueTest {
    @TempDir
    Path dir;
    private DefaultEventLoop loop;
    private SyncScheduler sync;
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    private final GroupOffsetStore store = new GroupOffsetStore() {
        @Override
        public void commit(String vhost, String stream, String group, long offset) {
            committed.put(group, offset);
        }

        @Override
        public void delete(String vhost, String stream, String group) {
            committed.remove(group);
        }

        @Override
        public Map<String, Long> load(String vhost, String stream) {
            return Map.copyOf(committed);
        }
    };

    /** Records deliveries; runs on the test's own direct executor. */
    static final class Target implements DeliveryTarget {
        final LinkedBlockingQueue<QueueEntry> got = new LinkedBlockingQueue<>();
        /** 0: every delivery comes as a message; else the largest body of a delivery encoded by the queue. */
        final int maxEncodedBody;

        Target() {
            this(0);
        }

        Target(int maxEncodedBody) {
            this.maxEncodedBody = maxEncodedBody;
        }

        @Override
        public DeliveryEncoding encoding() {
            return maxEncodedBody == 0 ? null : new DeliveryEncoding(WireDeliveryWriter.INSTANCE, 7, maxEncodedBody);
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void deliver(List<QueueEntry> batch) {
            for (QueueEntry e : batch) {
                e.consumer().transit().release(1);
                got.add(e);
            }
        }

        @Override
        public void consumerCancelledByQueue(Consumer consumer) {
        }

        @Override
        public String describe() {
            return "test";
        }

        void releaseAll() {
            QueueEntry e;
            while ((e = got.poll()) != null) {
                e.releaseContent();
            }
        }

        QueueEntry next() throws InterruptedException {
            QueueEntry e = got.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "no delivery");
            return e;
        }
    }

    @BeforeEach
    void start() {
        loop = new DefaultEventLoop();
        sync = SyncScheduler.start();
    }

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        sync.close();
    }

    private StreamQueue stream() {
        QueueStorage storage = new QueueStorage(dir, sync, LogConfig.classicQueue(), ByteBufAllocator.DEFAULT,
                Clock.systemUTC());
        StreamQueue q = new StreamQueue("/", "s", Map.of("x-queue-type", "stream"), loop.next(), storage, store,
                store.load("/", "s"));
        q.awaitOpen();
        return q;
    }

    private static Message message(String body) {
        return message(BasicProperties.EMPTY, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Message message(BasicProperties properties, byte[] body) {
        var props = Unpooled.buffer();
        BasicPropertiesCodec.encode(properties, props);
        return new Message("amq.direct", "s", props, Unpooled.wrappedBuffer(body), true);
    }

    private static void publish(StreamQueue q, int n) {
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(message("m" + i));
        }
        q.enqueue(batch, null, null);
    }

    private static Consumer consumer(Target t, StreamQueue q, int prefetch, Map<String, Object> args) {
        return new Consumer("c-" + System.nanoTime(), t, false, false, new Credit(prefetch), new Credit(0), args, q);
    }

    /** Acks as the channel does: credit back, then the queue. */
    private static void ack(QueueEntry e) {
        e.consumer().prefetch().release(1);
        e.queue().ack(List.of(e));
        e.consumer().queue().kick();
    }

    @Test
    void deliveriesCarryTheirOffsetAndAcksCommitTheGroup() throws Exception {
        StreamQueue q = stream();
        publish(q, 5);
        Target t = new Target();
        Consumer c = consumer(t, q, 2, Map.of("x-consumer-group", "g", "x-stream-offset", "first"));
        q.addConsumer(c).join();
        for (int i = 0; i < 5; i++) {
            QueueEntry e = t.next();
            assertEquals(i, e.seq());
            assertEquals(Long.valueOf(i), BasicPropertiesCodec.decode(e.message().properties()).headers()
                    .get("x-stream-offset"));
            ack(e);
        }
        q.removeConsumer(c);
        q.counts().join(); // after the removal
        assertEquals(4L, committed.get("g"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Long.valueOf(4).equals(q.streamStats().snapshot().groupOffsets().get("g"))) {
            q.counts().join(); // a round trip through the loop paces the poll
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stats show " + q.streamStats().snapshot());
            }
        }
        q.shutdown().join();
    }

    @Test
    void theOldestStandbyTakesOverAfterTheCommittedOffset() throws Exception {
        StreamQueue q = stream();
        publish(q, 6);
        Target active = new Target();
        Target standby = new Target();
        Consumer a = consumer(active, q, 1, Map.of("x-consumer-group", "g", "x-stream-offset", "first"));
        Consumer b = consumer(standby, q, 10, Map.of("x-consumer-group", "g", "x-stream-offset", "first"));
        q.addConsumer(a).join();
        q.addConsumer(b).join();
        ack(active.next());
        ack(active.next());
        QueueEntry unacked = active.next();
        assertEquals(2, unacked.seq());
        assertNull(standby.got.poll(100, TimeUnit.MILLISECONDS), "a standby receives nothing");
        q.removeConsumer(a);
        q.requeue(List.of(unacked));
        QueueEntry resumed = standby.next();
        assertEquals(2, resumed.seq(), "resumes right after the committed offset");
        resumed.releaseContent();
        assertEquals(1L, committed.get("g"));
        q.shutdown().join();
        standby.releaseAll();
    }

    @Test
    void smallDeliveriesAreEncodedWholeAndTheOthersComeAsMessages() throws Exception {
        StreamQueue q = stream();
        BasicProperties typed = BasicProperties.builder().contentType("text/plain").build();
        BasicProperties withOffset = BasicProperties.builder()
                .headers(FieldTable.of(Map.of("x-stream-offset", "mine", "a", 1))).build();
        byte[] small = "small".getBytes(StandardCharsets.UTF_8);
        byte[] large = new byte[101];
        q.enqueue(List.of(message(typed, small), message(typed, small), message(typed, large),
                message(withOffset, small), message(BasicProperties.EMPTY, new byte[0])), null, null);
        Target t = new Target(100);
        Consumer c = consumer(t, q, 10, Map.of("x-stream-offset", "first"));
        q.addConsumer(c).join();

        QueueEntry first = t.next();
        QueueEntry second = t.next();
        assertNull(first.message());
        assertSame(first.frames(), second.frames(), "one run of small deliveries shares a buffer");
        List<Command> both = decodeDeliveries(List.of(first, second), 1234);
        assertEquals(2, both.size());
        for (int i = 0; i < 2; i++) {
            Command d = both.get(i);
            assertEquals(new BasicMethod.Deliver(c.tag(), 1234 + i, false, "amq.direct", "s"), d.method());
            assertEquals(7, d.channel());
            assertEquals(typed.withHeaders(FieldTable.of(Map.of("x-stream-offset", (long) i))),
                    d.header().properties());
            assertArrayEquals(small, ByteBufUtil.getBytes(d.body()));
            d.release();
        }

        QueueEntry third = t.next();
        assertNull(third.frames(), "a body above the target's limit comes as a message");
        assertEquals(101, third.message().bodySize());
        assertEquals(2L, BasicPropertiesCodec.decode(third.message().properties()).headers().get("x-stream-offset"));

        QueueEntry fourth = t.next();
        assertNull(fourth.frames(), "properties that already name the header are decoded");
        assertEquals(Map.of("x-stream-offset", 3L, "a", 1),
                BasicPropertiesCodec.decode(fourth.message().properties()).headers().asMap());

        QueueEntry fifth = t.next();
        Command empty = decodeDeliveries(List.of(fifth), 5).get(0);
        assertEquals(0, empty.header().bodySize());
        assertEquals(Map.of("x-stream-offset", 4L), empty.header().properties().headers().asMap());
        empty.release();
        for (QueueEntry e : List.of(third, fourth)) {
            e.releaseContent();
        }
        q.shutdown().join();
    }

    /**
     * Sets the tags of encoded deliveries that share a buffer as the channel does (from {@code firstTag} on),
     * then decodes the buffer back into commands.
     */
    private static List<Command> decodeDeliveries(List<QueueEntry> entries, long firstTag) {
        ByteBuf owned = null;
        for (int i = 0; i < entries.size(); i++) {
            QueueEntry e = entries.get(i);
            assertNotNull(e.frames(), "encoded by the queue");
            e.frames().setLong(e.tagIndex(), firstTag + i);
            ByteBuf taken = e.takeFrames();
            assertEquals(i == 0, taken != null, "the first entry of a buffer owns it");
            owned = i == 0 ? taken : owned;
        }
        EmbeddedChannel ch = new EmbeddedChannel(new AmqpFrameDecoder(131_072));
        ch.writeInbound(owned);
        ContentAssembler assembler = new ContentAssembler(Long.MAX_VALUE);
        List<Command> commands = new ArrayList<>();
        for (Frame f; (f = ch.readInbound()) != null; ) {
            Command command;
            if (f instanceof MethodFrame m) {
                command = assembler.onMethod(m.channel(), m.method());
            } else if (f instanceof ContentHeaderFrame h) {
                command = assembler.onHeader(h);
            } else {
                command = assembler.onBody((ContentBodyFrame) f);
            }
            if (command != null) {
                commands.add(command);
            }
        }
        ch.finishAndReleaseAll();
        return commands;
    }
}
