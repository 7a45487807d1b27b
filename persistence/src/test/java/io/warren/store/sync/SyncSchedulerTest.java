package io.warren.store.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.MutableClock;
import io.warren.store.log.LogConfig;
import io.warren.store.log.SegmentFiles;
import io.warren.store.log.SegmentedLog;
import io.warren.store.queue.FileQueueStore;
import io.warren.store.queue.StoredPosition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncSchedulerTest {
    static final long TIMEOUT_S = 10;

    SyncScheduler sync;

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
    }

    /** Counts flushes; optionally blocks inside flush until released. */
    static final class CountingTarget implements Syncable {
        final AtomicInteger flushes = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release;
        volatile IOException failWith;

        @Override
        public void flush() throws IOException {
            flushes.incrementAndGet();
            entered.countDown();
            CountDownLatch r = release;
            if (r != null) {
                try {
                    assertTrue(r.await(TIMEOUT_S, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            if (failWith != null) {
                throw failWith;
            }
        }
    }

    @Test
    void aRequestCompletesOnlyAfterAFlushOfItsTarget() throws Exception {
        sync = SyncScheduler.start(Duration.ofHours(1));
        CountingTarget t = new CountingTarget();
        CompletableFuture<Integer> flushesSeenAtCompletion = sync.requestSync(t).thenApply(v -> t.flushes.get());
        assertEquals(1, flushesSeenAtCompletion.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertEquals(1, sync.syncCount());
        assertEquals(1, sync.completedCount());
    }

    @Test
    void oneFlushCoversEveryRequestMadeWhileThePreviousOneRan() throws Exception {
        sync = SyncScheduler.start(Duration.ofHours(1));
        CountingTarget t = new CountingTarget();
        t.release = new CountDownLatch(1);
        CompletableFuture<Void> first = sync.requestSync(t);
        assertTrue(t.entered.await(TIMEOUT_S, TimeUnit.SECONDS));
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(sync.requestSync(t));
        }
        assertFalse(first.isDone(), "the first request waits for its flush");
        assertFalse(batch.get(0).isDone(), "requests made during a flush wait for the next one");
        t.release.countDown();
        CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(first.isDone());
        assertEquals(2, t.flushes.get(), "51 requests, 2 fsyncs");
        assertEquals(2, sync.syncCount());
        assertEquals(51, sync.completedCount());
    }

    @Test
    void aFailedFlushCompletesItsFuturesExceptionallyAndTheThreadCarriesOn() throws Exception {
        sync = SyncScheduler.start(Duration.ofHours(1));
        CountingTarget bad = new CountingTarget();
        bad.failWith = new IOException("No space left on device");
        CountingTarget good = new CountingTarget();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> sync.requestSync(bad).get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        sync.requestSync(good).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(1, sync.failedCount());
        assertEquals(2, sync.completedCount());
    }

    @Test
    void dirtyTargetsAreFlushedWithinTheIntervalWithoutAnyRequest() throws Exception {
        sync = SyncScheduler.start(Duration.ofMillis(50));
        CountingTarget dirty = new CountingTarget();
        CountingTarget clean = new CountingTarget();
        long start = System.nanoTime();
        sync.markDirty(dirty);
        sync.markDirty(dirty);
        assertTrue(dirty.entered.await(TIMEOUT_S, TimeUnit.SECONDS), "the dirty target was never flushed");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs < 5_000, "flushed after " + elapsedMs + " ms");
        assertEquals(1, dirty.flushes.get(), "two marks before the tick, one flush");
        assertEquals(0, clean.flushes.get());
        assertEquals(0, sync.completedCount());
        // once flushed it is clean: a request is then the only reason to flush it again
        sync.requestSync(clean).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(1, dirty.flushes.get());
    }

    @Test
    void closeServesPendingRequestsAndRefusesLaterOnes() throws Exception {
        sync = SyncScheduler.start(Duration.ofHours(1));
        CountingTarget t = new CountingTarget();
        t.release = new CountDownLatch(1);
        CompletableFuture<Void> first = sync.requestSync(t);
        assertTrue(t.entered.await(TIMEOUT_S, TimeUnit.SECONDS));
        CompletableFuture<Void> second = sync.requestSync(t);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(sync::close);
        t.release.countDown();
        closing.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertTrue(second.isDone() && !second.isCompletedExceptionally(), "served before the thread stopped");
        CompletableFuture<Void> late = sync.requestSync(t);
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(TIMEOUT_S, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void requestsFromManyThreadsAreAllServedWithFewerFsyncsThanRequests() throws Exception {
        sync = SyncScheduler.start(Duration.ofHours(1));
        CountingTarget t = new CountingTarget();
        int threads = 8;
        int perThread = 500;
        List<List<CompletableFuture<Void>>> perThreadFutures = new ArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            List<CompletableFuture<Void>> mine = new ArrayList<>();
            perThreadFutures.add(mine);
            Thread th = new Thread(() -> {
                for (int k = 0; k < perThread; k++) {
                    mine.add(sync.requestSync(t));
                }
            });
            th.start();
            started.add(th);
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            started.get(i).join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            assertFalse(started.get(i).isAlive());
            all.addAll(perThreadFutures.get(i));  // join() makes the thread's list visible here
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(threads * perThread, all.size());
        assertEquals(threads * perThread, sync.completedCount());
        assertTrue(sync.syncCount() <= threads * perThread);
        assertEquals(t.flushes.get(), sync.syncCount());
    }

    @Test
    void aSyncRequestForALogForcesItAndRecordsTheSyncedSize(@TempDir Path dir) throws Exception {
        sync = SyncScheduler.start(Duration.ofHours(1));
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.classicQueue(), new MutableClock())) {
            for (int i = 0; i < 10; i++) {
                log.append(ByteBuffer.allocate(100), (byte) 1);
            }
            sync.requestSync(log).get(TIMEOUT_S, TimeUnit.SECONDS);
            long size = log.segments().get(0).sizeBytes();
            ByteBuffer header = ByteBuffer.allocate(32);
            try (FileChannel ch = FileChannel.open(SegmentFiles.path(dir, 0, SegmentFiles.Kind.LOG))) {
                ch.read(header, 0);
            }
            assertEquals(size, header.getLong(16), "synced size written after the force");
        }
    }

    @Test
    void queueStoreFlushRunsConcurrentlyWithAppendsAndAcks(@TempDir Path dir) throws Exception {
        sync = SyncScheduler.start(Duration.ofMillis(5));
        LogConfig small = new LogConfig(2048, 256, 4096, Duration.ZERO, 256);
        try (FileQueueStore store = FileQueueStore.open(dir, small, new MutableClock())) {
            List<CompletableFuture<Void>> confirms = new ArrayList<>();
            List<StoredPosition> ps = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                ps.add(store.append((byte) 1, ByteBuffer.allocate(i % 300)));
                if (i % 10 == 0) {
                    confirms.add(sync.requestSync(store));
                } else {
                    sync.markDirty(store);
                }
                if (i >= 5) {
                    store.ack(ps.get(i - 5));
                }
            }
            CompletableFuture.allOf(confirms.toArray(new CompletableFuture<?>[0])).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertEquals(5, store.messageCount());
            assertEquals(0, sync.failedCount());
        }
    }
}
