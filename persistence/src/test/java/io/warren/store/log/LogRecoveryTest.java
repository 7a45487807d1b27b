package io.warren.store.log;

import static io.warren.store.log.LogTestSupport.appendUpTo;
import static io.warren.store.log.LogTestSupport.copyDirectory;
import static io.warren.store.log.LogTestSupport.lastSegmentFile;
import static io.warren.store.log.LogTestSupport.smallConfig;
import static io.warren.store.log.LogTestSupport.verifyAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.MutableClock;
import io.warren.store.StoreIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogRecoveryTest {
    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock();
    final LogConfig config = smallConfig().withSegmentBytes(16 << 10);

    /**
     * Kafka's testRecoveryWithCorruptMessage: the last segment is cut at a random position and random bytes (or
     * none) follow, as after a crash that tore the tail.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void garbageInTheTailLeavesExactlyTheValidPrefix(long seed) throws IOException {
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("log");
        boolean crash = seed % 2 == 0;   // even seeds: copy the files of a log that was never closed
        Path opened = crash ? tmp.resolve("crashed") : dir;
        List<long[]> lastSegmentRecords;  // {offset, endPosition} of each record of the last segment
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            appendUpTo(log, 200 + rnd.nextInt(200));
            if (crash) {
                log.flush();
            }
            appendUpTo(log, log.nextOffset() + rnd.nextInt(50));
            lastSegmentRecords = recordsOf(log, log.activeSegmentBase());
            if (crash) {
                copyDirectory(dir, opened);
            }
        }
        Path seg = lastSegmentFile(opened);
        long size = Files.size(seg);
        long garbageAt = rnd.nextInt(4) == 0 ? size
                : LogSegment.HEADER_SIZE + (long) rnd.nextInt((int) (size - LogSegment.HEADER_SIZE));
        byte[] garbage = new byte[rnd.nextInt(300)];  // 0 bytes: a plain torn (short) tail
        rnd.nextBytes(garbage);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.truncate(garbageAt);                      // everything from garbageAt on is lost ...
            ch.write(ByteBuffer.wrap(garbage), garbageAt);  // ... and replaced by nonsense
        }
        long expectedNext = lastSegmentRecords.get(0)[0];
        long validEnd = LogSegment.HEADER_SIZE;
        for (long[] rec : lastSegmentRecords) {
            if (rec[1] <= garbageAt) {
                expectedNext = rec[0] + 1;
                validEnd = rec[1];
            }
        }
        try (SegmentedLog log = SegmentedLog.open(opened, config, clock)) {
            assertEquals(expectedNext, log.nextOffset(), "garbage at " + garbageAt + " of " + size);
            assertEquals(validEnd, Files.size(seg), "the torn tail is truncated");
            assertEquals(expectedNext, verifyAll(log, 0));
            appendUpTo(log, expectedNext + 30);
            assertEquals(expectedNext + 30, verifyAll(log, 0));
        }
        try (SegmentedLog log = SegmentedLog.open(opened, config, clock)) {
            assertEquals(expectedNext + 30, log.nextOffset());
            assertEquals(expectedNext + 30, verifyAll(log, 0));
        }
    }

    @Test
    void aLogThatWasNeverFlushedIsScannedFullyAndKeepsEverything() throws IOException {
        Path dir = tmp.resolve("log");
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            appendUpTo(log, 500);
            copyDirectory(dir, tmp.resolve("copy"));
        }
        try (SegmentedLog log = SegmentedLog.open(tmp.resolve("copy"), config, clock)) {
            assertEquals(500, log.nextOffset());
            assertEquals(500, verifyAll(log, 0));
        }
    }

    @Test
    void deletedIndexesAreRebuiltIdentically() throws IOException {
        Path dir = tmp.resolve("log");
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            for (int i = 0; i < 1500; i++) {
                log.append(ByteBuffer.wrap(LogTestSupport.payload(i)), (byte) i);
                clock.advanceMillis(i % 7);
            }
        }
        Map<Path, byte[]> originals = indexFiles(dir);
        assertTrue(originals.size() >= 4, "index files: " + originals.keySet());
        for (Path p : originals.keySet()) {
            Files.delete(p);
        }
        long[] lookups = new long[20];
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            assertEquals(1500, log.nextOffset());
            for (int i = 0; i < lookups.length; i++) {
                lookups[i] = log.offsetForTimestamp(clock.millis() - i * 300L);
            }
        }
        Map<Path, byte[]> rebuilt = indexFiles(dir);
        assertEquals(originals.keySet(), rebuilt.keySet());
        for (Path p : originals.keySet()) {
            assertArrayEquals(originals.get(p), rebuilt.get(p), "rebuilt " + p);
        }
        corruptMiddle(dir.resolve(SegmentFiles.fileName(0, SegmentFiles.Kind.OFFSET_INDEX)));
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            for (int i = 0; i < lookups.length; i++) {
                assertEquals(lookups[i], log.offsetForTimestamp(clock.millis() - i * 300L));
            }
            LogReader r = log.newReader(0);
            for (long target = 0; target < 1500; target += 37) {
                r.seek(target);
                assertTrue(r.next());
                assertEquals(target, r.offset());
            }
        }
        assertArrayEquals(originals.get(dir.resolve(SegmentFiles.fileName(0, SegmentFiles.Kind.OFFSET_INDEX))),
                Files.readAllBytes(dir.resolve(SegmentFiles.fileName(0, SegmentFiles.Kind.OFFSET_INDEX))),
                "a corrupt index is rebuilt from the log");
    }

    @Test
    void aSegmentWhoseHeaderNeverReachedTheDiskStartsEmpty() throws IOException {
        Path dir = tmp.resolve("log");
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            appendUpTo(log, 100);
        }
        Files.write(SegmentFiles.path(dir, 100, SegmentFiles.Kind.LOG), new byte[100]);
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            assertEquals(100, log.nextOffset());
            assertEquals(2, log.segmentCount());
            appendUpTo(log, 120);
            assertEquals(120, verifyAll(log, 0));
        }
        Files.write(SegmentFiles.path(dir, 120, SegmentFiles.Kind.LOG), new byte[7]);
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            assertEquals(120, log.nextOffset());
            assertEquals(LogSegment.HEADER_SIZE, Files.size(SegmentFiles.path(dir, 120, SegmentFiles.Kind.LOG)));
            assertEquals(120, verifyAll(log, 0));
        }
    }

    @Test
    void leftoversOfAnInterruptedDeletionAreRemoved() throws IOException {
        Path dir = tmp.resolve("log");
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            appendUpTo(log, 10);
        }
        Path deleted = SegmentFiles.deletedPath(SegmentFiles.path(dir, 5000, SegmentFiles.Kind.LOG));
        Path orphan = SegmentFiles.path(dir, 9999, SegmentFiles.Kind.OFFSET_INDEX);
        Files.write(deleted, new byte[10]);
        Files.write(orphan, new byte[16]);
        try (SegmentedLog log = SegmentedLog.open(dir, config, clock)) {
            assertEquals(10, log.nextOffset());
        }
        assertFalse(Files.exists(deleted));
        assertFalse(Files.exists(orphan));
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws IOException {
        Path dir = tmp.resolve("log");
        Files.createDirectories(dir);
        Files.write(SegmentFiles.path(dir, 0, SegmentFiles.Kind.LOG),
                "definitely not a Warren segment file, just some text".getBytes());
        StoreIoException e = assertThrows(StoreIoException.class, () -> SegmentedLog.open(dir, config, clock));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    private static List<long[]> recordsOf(SegmentedLog log, long segmentBase) {
        List<long[]> out = new ArrayList<>();
        LogReader r = log.newReader(segmentBase);
        while (r.next()) {
            out.add(new long[] {r.offset(), r.recordPosition() + RecordFormat.HEADER_SIZE + r.payload().remaining()});
        }
        return out;
    }

    private static Map<Path, byte[]> indexFiles(Path dir) throws IOException {
        Map<Path, byte[]> out = new HashMap<>();
        for (SegmentFiles.Parsed p : SegmentFiles.list(dir)) {
            if (p.kind() == SegmentFiles.Kind.OFFSET_INDEX || p.kind() == SegmentFiles.Kind.TIME_INDEX) {
                out.put(p.resolve(dir), Files.readAllBytes(p.resolve(dir)));
            }
        }
        return out;
    }

    private static void corruptMiddle(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        for (int i = b.length / 2; i < b.length / 2 + 24 && i < b.length; i++) {
            b[i] = (byte) 0x5A;
        }
        Files.write(file, b);
    }
}
