package io.warren.store.log;

import static io.warren.store.log.LogTestSupport.appendUpTo;
import static io.warren.store.log.LogTestSupport.bytes;
import static io.warren.store.log.LogTestSupport.payload;
import static io.warren.store.log.LogTestSupport.smallConfig;
import static io.warren.store.log.LogTestSupport.verifyAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();

    @Test
    void appendedRecordsReadBackInOrderWithTimestampsAndFlags() {
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.classicQueue(), clock)) {
            assertEquals(0, log.firstOffset());
            assertEquals(0, log.nextOffset());
            long t0 = clock.millis();
            for (int i = 0; i < 100; i++) {
                assertEquals(i, log.append(ByteBuffer.wrap(payload(i)), (byte) i));
                clock.advanceMillis(10);
            }
            LogReader r = log.newReader(0);
            for (int i = 0; i < 100; i++) {
                assertTrue(r.next());
                assertEquals(i, r.offset());
                assertEquals(t0 + 10L * i, r.timestamp());
                assertEquals((byte) i, r.flags());
                assertArrayEquals(payload(i), bytes(r.payload()));
                assertTrue(r.payload().isReadOnly());
            }
            assertFalse(r.next());
            log.append(ByteBuffer.wrap(payload(100)), (byte) 100);
            assertTrue(r.next(), "a reader at the end picks up later appends");
            assertEquals(100, r.offset());
        }
    }

    @Test
    void appendFromSeveralPartsWritesTheirConcatenationAndLeavesPositionsAlone() {
        try (SegmentedLog log = SegmentedLog.open(dir, LogConfig.classicQueue(), clock)) {
            ByteBuffer heap = ByteBuffer.wrap("exchange|".getBytes(StandardCharsets.UTF_8));
            ByteBuffer direct = ByteBuffer.allocateDirect(5).put("key|".getBytes(StandardCharsets.UTF_8)).flip();
            ByteBuffer body = ByteBuffer.wrap("xxbodyxx".getBytes(StandardCharsets.UTF_8), 2, 4);
            long off = log.append((byte) 1, heap, direct, body, ByteBuffer.allocate(0));
            assertEquals(0, heap.position());
            assertEquals(0, direct.position());
            assertEquals(2, body.position());
            assertEquals(6, body.limit());
            LogReader r = log.newReader(off);
            assertTrue(r.next());
            assertEquals("exchange|key|body", new String(bytes(r.payload()), StandardCharsets.UTF_8));
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertEquals(17, log.readAt(log.lastAppendSegmentBase(), log.lastAppendPosition(), off, dst));
            assertEquals("exchange|key|body", new String(dst.array(), 0, 17, StandardCharsets.UTF_8));
        }
    }

    @Test
    void rollsToANewSegmentWhenTheActiveOneIsFull() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            appendUpTo(log, 300);
            List<SegmentInfo> segs = log.segments();
            assertTrue(segs.size() > 10, "segments: " + segs.size());
            long expectedBase = 0;
            for (SegmentInfo s : segs) {
                assertEquals(expectedBase, s.baseOffset());
                assertTrue(s.sizeBytes() <= 1024, "segment " + s + " exceeds segmentBytes");
                assertTrue(s.recordCount() > 0);
                expectedBase = s.nextOffset();
            }
            assertEquals(300, expectedBase);
            assertEquals(segs.stream().mapToLong(SegmentInfo::sizeBytes).sum(), log.sizeBytes());
            assertEquals(300, verifyAll(log, 0));
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            log.append(ByteBuffer.allocate(10), (byte) 0);
            log.append(ByteBuffer.allocate(3000), (byte) 0);
            log.append(ByteBuffer.allocate(10), (byte) 0);
            assertEquals(List.of(0L, 1L, 2L), log.segments().stream().map(SegmentInfo::baseOffset).toList());
            assertThrows(IllegalArgumentException.class, () -> log.append(ByteBuffer.allocate(4097), (byte) 0));
            assertEquals(3, log.nextOffset(), "a refused append takes no offset");
        }
    }

    @Test
    void reopeningKeepsOffsetsAndAppendsContinue() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            appendUpTo(log, 250);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            assertEquals(0, log.firstOffset());
            assertEquals(250, log.nextOffset());
            appendUpTo(log, 400);
            assertEquals(400, verifyAll(log, 0));
        }
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            assertEquals(400, log.nextOffset());
            assertEquals(400, verifyAll(log, 0));
        }
    }

    @Test
    void seekUsesTheOffsetIndexAndLandsOnEveryOffset() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig().withSegmentBytes(64 << 10), clock)) {
            appendUpTo(log, 2000);
            assertTrue(Files.exists(dir.resolve(SegmentFiles.fileName(0, SegmentFiles.Kind.OFFSET_INDEX))));
            Random rnd = new Random(7);
            LogReader r = log.newReader(0);
            for (int i = 0; i < 300; i++) {
                long target = rnd.nextInt(2000);
                r.seek(target);
                assertTrue(r.next());
                assertEquals(target, r.offset());
                assertArrayEquals(payload(target), bytes(r.payload()));
            }
            r.seek(5000);
            assertFalse(r.next());
            assertEquals(5000, r.nextOffset());
        }
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            long t0 = clock.millis();
            for (int i = 0; i < 500; i++) {
                log.append(ByteBuffer.wrap(payload(i)), (byte) 0);
                clock.advanceMillis(i % 3 == 0 ? 0 : 5);  // runs of equal timestamps
            }
            long[] ts = timestamps(log);
            for (long q = t0 - 10; q <= clock.millis() + 10; q += 3) {
                assertEquals(bruteForce(ts, q), log.offsetForTimestamp(q), "timestamp " + q);
            }
            assertEquals(0, log.offsetForTimestamp(0));
            assertEquals(log.nextOffset(), log.offsetForTimestamp(Long.MAX_VALUE));
        }
    }

    @Test
    void offsetForTimestampCopesWithTimestampsThatGoBackwards() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            Random rnd = new Random(3);
            for (int i = 0; i < 400; i++) {
                log.append(ByteBuffer.wrap(payload(i)), (byte) 0, 1_000 + i * 10L + rnd.nextInt(200) - 100);
            }
            long[] ts = timestamps(log);
            for (long q = 800; q < 5_500; q += 7) {
                assertEquals(bruteForce(ts, q), log.offsetForTimestamp(q), "timestamp " + q);
            }
        }
    }

    @Test
    void retentionBySizeDeletesOldestSegmentsAndKeepsTheActiveOne() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            appendUpTo(log, 300);
            LogReader early = log.newReader(0);
            int before = log.segmentCount();
            int deleted = log.enforceRetention(RetentionPolicy.bySize(3000));
            assertTrue(deleted > 0);
            assertEquals(before - deleted, log.segmentCount());
            assertTrue(log.sizeBytes() <= 3000, "size " + log.sizeBytes());
            long first = log.firstOffset();
            assertEquals(log.segments().get(0).baseOffset(), first);
            assertFalse(Files.exists(dir.resolve(SegmentFiles.fileName(0, SegmentFiles.Kind.LOG))));
            assertTrue(early.next(), "a reader on a deleted offset moves to the first offset");
            assertEquals(first, early.offset());
            assertEquals(300 - first, verifyAll(log, 0));

            assertTrue(log.enforceRetention(RetentionPolicy.bySize(1)) > 0);
            assertEquals(1, log.segmentCount(), "the active segment is always kept");
            assertEquals(log.activeSegmentBase(), log.firstOffset());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            assertEquals(1, log.segmentCount());
            assertEquals(300, log.nextOffset());
        }
    }

    @Test
    void retentionByAgeUsesTheNewestRecordOfEachSegment() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            for (int i = 0; i < 300; i++) {
                log.append(ByteBuffer.wrap(payload(i)), (byte) 0);
                clock.advance(Duration.ofSeconds(1));
            }
            List<SegmentInfo> segs = log.segments();
            long cutoff = segs.get(3).lastTimestamp() + 1;  // segments 0..3 are entirely older than this
            long maxAge = clock.millis() - cutoff;
            assertEquals(4, log.enforceRetention(RetentionPolicy.byAge(Duration.ofMillis(maxAge))));
            assertEquals(segs.get(4).baseOffset(), log.firstOffset());
            assertEquals(0, log.enforceRetention(RetentionPolicy.byAge(Duration.ofMillis(maxAge))));

            clock.advance(Duration.ofDays(30));
            log.enforceRetention(RetentionPolicy.byAge(Duration.ofHours(1)));
            assertEquals(1, log.segmentCount(), "the active segment is kept even when it is old");
            assertEquals(RetentionPolicy.UNLIMITED, RetentionPolicy.of(0, Duration.ZERO));
            assertEquals(0, log.enforceRetention(RetentionPolicy.UNLIMITED));
        }
    }

    @Test
    void deletingAMiddleSegmentLeavesAGapThatReadersSkip() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            appendUpTo(log, 100);
            List<SegmentInfo> segs = log.segments();
            SegmentInfo gone = segs.get(1);
            assertTrue(log.deleteSegment(gone.baseOffset()));
            assertFalse(log.deleteSegment(gone.baseOffset()));
            assertThrows(IllegalArgumentException.class, () -> log.deleteSegment(log.activeSegmentBase()));
            LogReader r = log.newReader(gone.baseOffset());
            assertTrue(r.next());
            assertEquals(gone.nextOffset(), r.offset());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            assertEquals(0, log.firstOffset());
            assertEquals(100, log.nextOffset());
        }
    }

    @Test
    void truncateAllDropsEveryRecordButKeepsOffsetsGrowing() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            appendUpTo(log, 100);
            LogReader r = log.newReader(0);
            log.truncateAll();
            assertEquals(1, log.segmentCount());
            assertEquals(100, log.firstOffset());
            assertEquals(100, log.nextOffset());
            assertFalse(r.next());
            appendUpTo(log, 110);
            assertTrue(r.next());
            assertEquals(100, r.offset());
            log.truncateAll();
            log.truncateAll();
            assertEquals(110, log.firstOffset());
        }
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            assertEquals(110, log.nextOffset());
            assertEquals(0, verifyAll(log, 0));
        }
    }

    @Test
    void deleteRemovesTheDirectory() {
        SegmentedLog log = SegmentedLog.open(dir.resolve("q"), smallConfig(), clock);
        appendUpTo(log, 50);
        log.delete();
        assertFalse(Files.exists(dir.resolve("q")));
        assertThrows(IllegalStateException.class, () -> log.append(ByteBuffer.allocate(1), (byte) 0));
    }

    @Test
    void flushAfterCloseIsANoOp() throws Exception {
        SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock);
        appendUpTo(log, 10);
        log.flush();
        log.close();
        log.flush();
        log.close();
    }

    private static long[] timestamps(SegmentedLog log) {
        long[] ts = new long[(int) log.nextOffset()];
        LogReader r = log.newReader(0);
        while (r.next()) {
            ts[(int) r.offset()] = r.timestamp();
        }
        return ts;
    }

    private static long bruteForce(long[] ts, long q) {
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] >= q) {
                return i;
            }
        }
        return ts.length;
    }
}
