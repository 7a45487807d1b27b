package io.warren.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.MutableClock;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flush() runs on the sync thread while the owner appends, rolls, deletes segments and finally closes. */
class ConcurrentFlushTest {
    @TempDir
    Path dir;

    @Test
    void flushFromAnotherThreadSurvivesRollsRetentionAndClose() throws Exception {
        LogConfig config = new LogConfig(512, 64, 1024, Duration.ZERO, 128);
        SegmentedLog log = SegmentedLog.open(dir, config, new MutableClock());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong flushes = new AtomicLong();
        CompletableFuture<Void> flusher = CompletableFuture.runAsync(() -> {
            try {
                while (!stop.get()) {
                    log.flush();
                    flushes.incrementAndGet();
                }
                log.flush();  // after close: a no-op, not an exception
            } catch (Exception e) {
                throw new AssertionError("flush failed on the sync thread", e);
            }
        });
        ByteBuffer payload = ByteBuffer.allocate(100);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int i = 0;
        while ((flushes.get() < 200 || i < 5_000) && System.nanoTime() < deadline) {
            log.append(payload, (byte) 0);
            if (++i % 7 == 0) {
                log.enforceRetention(new RetentionPolicy(0, Duration.ZERO, 2));
            }
            if (i % 1000 == 0) {
                log.truncateAll();
            }
        }
        log.close();
        stop.set(true);
        flusher.get(30, TimeUnit.SECONDS);
        assertTrue(flushes.get() >= 200, "flushes: " + flushes.get());
    }

    @Test
    void syncOfARetiredSegmentCountsAsSynced() throws Exception {
        LogConfig config = LogTestSupport.smallConfig();
        LogSegment seg = LogSegment.create(dir, 0, config);
        seg.append(0, 1, (byte) 0, new ByteBuffer[] {ByteBuffer.allocate(10)}, 10);
        seg.retire();
        assertFalse(seg.sync(), "a retired segment needs no force and must not throw");
        seg.deleteFiles();
        assertEquals(0, SegmentFiles.list(dir).size());
    }
}
