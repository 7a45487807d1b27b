package io.warren.broker.queue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.warren.broker.message.Message;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
                e.message().release();
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
        var props = Unpooled.buffer();
        BasicPropertiesCodec.encode(BasicProperties.EMPTY, props);
        return new Message("", "s", props, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true);
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
        resumed.message().release();
        assertEquals(1L, committed.get("g"));
        q.shutdown().join();
        standby.releaseAll();
    }
}
