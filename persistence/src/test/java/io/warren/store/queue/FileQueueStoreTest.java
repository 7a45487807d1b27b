package io.warren.store.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.MutableClock;
import io.warren.store.log.LogConfig;
import io.warren.store.log.SegmentFiles;
import io.warren.store.log.SegmentInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileQueueStoreTest {
    static final LogConfig SMALL = new LogConfig(1024, 128, 4096, Duration.ZERO, 256);

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();

    static ByteBuffer msg(int i) {
        return ByteBuffer.wrap(("message-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8));
    }

    static byte flags(int i) {
        return i % 3 == 0 ? 0 : QueueStore.FLAG_PERSISTENT;
    }

    @Test
    void unackedMessagesSurviveReopenInOrderWithTheirFlags() {
        List<StoredPosition> positions = new ArrayList<>();
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            assertEquals(0, store.recover().messageCount());
            for (int i = 0; i < 60; i++) {
                positions.add(store.append(flags(i), ByteBuffer.wrap("message-".getBytes()),
                        ByteBuffer.wrap((i + "-" + "x".repeat(i % 50)).getBytes())));
            }
            for (int i = 0; i < 60; i += 2) {
                assertTrue(store.ack(positions.get(i)));
            }
            assertEquals(30, store.messageCount());
            assertArrayEquals(msg(7).array(), store.read(positions.get(7)).array());
        }
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            QueueStore.Recovered r = store.recover();
            assertEquals(30, r.messageCount());
            assertEquals(30, store.messageCount());
            long bytes = 0;
            for (int k = 0; k < 30; k++) {
                StoredPosition p = r.positions().get(k);
                int i = 2 * k + 1;
                assertEquals(positions.get(i), p);
                assertEquals(flags(i) == QueueStore.FLAG_PERSISTENT, p.persistent());
                ByteBuffer dst = ByteBuffer.allocate(p.size() + 3);
                assertEquals(p.size(), store.read(p, dst));
                assertArrayEquals(msg(i).array(), Arrays.copyOf(dst.array(), p.size()));
                bytes += p.size();
            }
            assertEquals(bytes, r.byteCount());
            assertEquals(bytes, store.byteCount());
            for (int i = 1; i < 30; i += 2) {
                assertTrue(store.ack(positions.get(i)));
            }
        }
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            List<StoredPosition> left = store.recover().positions();
            assertEquals(positions.subList(31, 60).stream().filter(p -> p.offset() % 2 == 1).toList(), left);
        }
    }

    @Test
    void aFullyAckedSegmentIsDeletedButNeverTheActiveOne() throws IOException {
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            List<StoredPosition> ps = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ps.add(store.append(QueueStore.FLAG_PERSISTENT, msg(i)));
            }
            List<SegmentInfo> segs = store.segments();
            assertTrue(segs.size() >= 3, "segments: " + segs);
            SegmentInfo first = segs.get(0);
            for (StoredPosition p : ps) {
                if (p.segmentBase() == first.baseOffset()) {
                    assertTrue(store.ack(p));
                }
            }
            assertFalse(Files.exists(SegmentFiles.path(dir, first.baseOffset(), SegmentFiles.Kind.LOG)));
            assertFalse(Files.exists(SegmentFiles.path(dir, first.baseOffset(), SegmentFiles.Kind.ACKS)));
            assertEquals(segs.size() - 1, store.segments().size());
            assertFalse(store.ack(ps.get(0)), "acking a message of a deleted segment is a no-op");

            long active = ps.get(ps.size() - 1).segmentBase();
            for (StoredPosition p : ps) {
                if (p.segmentBase() == active) {
                    assertTrue(store.ack(p));
                }
            }
            assertTrue(Files.exists(SegmentFiles.path(dir, active, SegmentFiles.Kind.LOG)), "active segment stays");
            StoredPosition p;
            while ((p = store.append((byte) 0, msg(1))).segmentBase() == active) {
                assertTrue(store.ack(p));   // keep the active segment fully acked until the log rolls
            }
            assertFalse(Files.exists(SegmentFiles.path(dir, active, SegmentFiles.Kind.LOG)),
                    "deleted once it is no longer the active segment");
        }
    }

    @Test
    void ackIsIdempotentAndRejectsForeignPositions() {
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            StoredPosition p = store.append((byte) 0, msg(1));
            assertTrue(store.ack(p));
            assertFalse(store.ack(p));
            assertEquals(0, store.messageCount());
            assertThrows(IllegalArgumentException.class,
                    () -> store.ack(new StoredPosition(p.segmentBase(), 99, 32, 1, (byte) 0)));
        }
    }

    @Test
    void purgeRemovesEverythingAndOffsetsContinue() throws IOException {
        List<StoredPosition> ps = new ArrayList<>();
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            for (int i = 0; i < 50; i++) {
                ps.add(store.append((byte) 1, msg(i)));
            }
            store.ack(ps.get(3));
            assertEquals(49, store.purge());
            assertEquals(0, store.messageCount());
            assertEquals(0, store.byteCount());
            assertFalse(store.ack(ps.get(4)));
            assertEquals(1, store.segments().size());
            assertEquals(0, countFiles(SegmentFiles.Kind.ACKS));
            assertEquals(50, store.append((byte) 1, msg(50)).offset());
        }
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            QueueStore.Recovered r = store.recover();
            assertEquals(1, r.messageCount());
            assertEquals(50, r.positions().get(0).offset());
        }
    }

    @Test
    void deleteRemovesTheDirectory() {
        Path q = dir.resolve("queue");
        FileQueueStore store = FileQueueStore.open(q, SMALL, clock);
        StoredPosition p = store.append((byte) 1, msg(1));
        store.ack(store.append((byte) 1, msg(2)));
        store.delete();
        assertFalse(Files.exists(q));
        assertThrows(IllegalStateException.class, () -> store.read(p));
        store.close();
    }

    @Test
    void zeroTailAndPartialEntryOfAnAckFileAreIgnored() throws IOException {
        StoredPosition a;
        StoredPosition b;
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            a = store.append((byte) 1, msg(1));
            b = store.append((byte) 1, msg(2));
            store.ack(a);
        }
        Path acks = SegmentFiles.path(dir, a.segmentBase(), SegmentFiles.Kind.ACKS);
        long size = Files.size(acks);
        try (FileChannel ch = FileChannel.open(acks, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4096 + 3), size);  // sparse, zero-filled tail plus a torn entry
        }
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            assertEquals(List.of(b), store.recover().positions());
            assertEquals(size, Files.size(acks), "the zero tail is cut off");
            assertTrue(store.ack(b));
        }
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            assertEquals(0, store.messageCount());
        }
    }

    @Test
    void acksOfRecordsLostWithATornLogTailDoNotHitNewRecordsWithTheSameOffset() throws IOException {
        StoredPosition last;
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            store.append((byte) 1, msg(1));
            last = store.append((byte) 1, msg(2));
            store.ack(last);                       // the ack reached the disk ...
        }
        Path log = SegmentFiles.path(dir, last.segmentBase(), SegmentFiles.Kind.LOG);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(last.position() + 5);   // ... but the record it acknowledges did not
        }
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            assertEquals(1, store.recover().messageCount());
            StoredPosition reused = store.append((byte) 1, msg(3));
            assertEquals(last.offset(), reused.offset());
        }
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            List<StoredPosition> left = store.recover().positions();
            assertEquals(2, left.size(), "the new record with the reused offset is not acknowledged");
            assertArrayEquals(msg(3).array(), store.read(left.get(1)).array());
        }
    }

    @Test
    void acksAreBufferedUntilWriteAcksOrCloseAndOneWriteCarriesABatch(@TempDir Path crashed) throws IOException {
        FileQueueStore store = FileQueueStore.open(dir, SMALL, clock);
        try {
            List<StoredPosition> p = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                p.add(store.append((byte) 1, msg(i)));
            }
            store.ack(p.get(0));
            store.ack(p.get(1));
            Path acks = SegmentFiles.path(dir, p.get(0).segmentBase(), SegmentFiles.Kind.ACKS);
            long header = Files.size(acks);
            store.writeAcks();
            assertEquals(header + 8, Files.size(acks), "both buffered entries written at once");
            store.ack(p.get(2));                    // buffered only: a crash now brings message 2 back
            assertEquals(header + 8, Files.size(acks));
            store.flush();                          // a sync forces what was written, and writes nothing itself
            assertEquals(header + 8, Files.size(acks));

            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
            try (FileQueueStore copy = FileQueueStore.open(crashed, SMALL, clock)) {
                assertEquals(p.subList(2, 6), copy.recover().positions());
            }
        } finally {
            store.close();                          // a clean close writes the buffered ack
        }
        try (FileQueueStore reopened = FileQueueStore.open(dir, SMALL, clock)) {
            assertEquals(3, reopened.recover().messageCount());
        }
    }

    @Test
    void aSegmentFullyAckedInOneBigBatchGoesWithItsBufferedAcks() throws IOException {
        LogConfig roomy = new LogConfig(64 * 1024, 4096, 4096, Duration.ZERO, 4096);
        try (FileQueueStore store = FileQueueStore.open(dir, roomy, clock)) {
            List<StoredPosition> first = new ArrayList<>();
            StoredPosition p = store.append((byte) 1, msg(0));
            while (p.segmentBase() == 0) {
                first.add(p);
                p = store.append((byte) 1, ByteBuffer.wrap(new byte[8]));
            }
            assertTrue(first.size() > AckFile.PENDING_ENTRIES, "one ack buffer fills up: " + first.size());
            for (StoredPosition q : first) {  // one batch: the buffer is written once full, the rest stays pending
                assertTrue(store.ack(q));
            }
            assertEquals(0, countFiles(SegmentFiles.Kind.ACKS), "segment 0 and its ack file are gone");
            store.writeAcks();  // nothing left to write for a deleted file, and no failure
            assertEquals(1, store.messageCount());
        }
        try (FileQueueStore store = FileQueueStore.open(dir, roomy, clock)) {
            assertEquals(1, store.recover().messageCount());
        }
    }

    @Test
    void orphanAckFilesAreRemoved() throws IOException {
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            store.append((byte) 1, msg(1));
        }
        Path orphan = SegmentFiles.path(dir, 777, SegmentFiles.Kind.ACKS);
        Files.write(orphan, new byte[12]);
        try (FileQueueStore store = FileQueueStore.open(dir, SMALL, clock)) {
            assertEquals(1, store.messageCount());
        }
        assertFalse(Files.exists(orphan));
    }

    private long countFiles(SegmentFiles.Kind kind) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(kind.suffix())).count();
        }
    }
}
