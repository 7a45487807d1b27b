package io.warren.store.log;

import static io.warren.store.log.LogTestSupport.payload;
import static io.warren.store.log.LogTestSupport.smallConfig;
import static io.warren.store.log.LogTestSupport.verifyAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.MutableClock;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SegmentedLog#appendAll}: a batch written with one gathering write per segment. */
class AppendAllTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();

    @Test
    void aBatchReadsBackLikeSingleAppendsAcrossRollsAndAReopen() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            log.append(ByteBuffer.wrap(payload(0)), (byte) 0);
            assertEquals(1, appendBatch(log, 1, 299));
            assertEquals(300, log.nextOffset());
            assertTrue(log.segments().size() > 10, "the batch spans many 1 KiB segments: " + log.segments().size());
            for (SegmentInfo s : log.segments()) {
                assertTrue(s.sizeBytes() <= 1024 || s.recordCount() == 1, "segment over its limit: " + s);
            }
            assertEquals(300, verifyAll(log, 0));
            assertEquals(150, verifyAll(log, 150), "index lookups inside a batch");
        }
        try (SegmentedLog reopened = SegmentedLog.open(dir, smallConfig(), clock)) {
            assertEquals(300, reopened.nextOffset(), "recovery accepts every record of the batch");
            assertEquals(300, verifyAll(reopened, 0));
        }
    }

    @Test
    void partsAreLeftAsTheyWere() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            ByteBuffer head = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}, 1, 2);
            ByteBuffer body = ByteBuffer.allocateDirect(3).put(new byte[] {5, 6, 7}).flip();
            log.appendAll(new byte[] {9}, new ByteBuffer[][] {{head, body}}, 1);
            assertEquals(1, head.position());
            assertEquals(3, head.limit());
            assertEquals(0, body.position());
            LogReader r = log.newReader(0);
            assertTrue(r.next());
            assertEquals(5, r.payload().remaining());
            assertEquals(9, r.flags());
        }
    }

    @Test
    void anOversizedRecordFailsTheBatchBeforeAnythingIsWritten() {
        try (SegmentedLog log = SegmentedLog.open(dir, smallConfig(), clock)) {
            int max = smallConfig().maxRecordBytes();
            ByteBuffer[][] records = {{ByteBuffer.wrap(payload(1))}, {ByteBuffer.allocate(max + 1)}};
            assertThrows(IllegalArgumentException.class, () -> log.appendAll(new byte[2], records, 2));
            assertEquals(0, log.nextOffset());
        }
    }

    /** Appends records {@code from..from+count-1} (payload and flags as {@link LogTestSupport}) in one batch. */
    private static long appendBatch(SegmentedLog log, long from, int count) {
        byte[] flags = new byte[count];
        ByteBuffer[][] records = new ByteBuffer[count][];
        for (int i = 0; i < count; i++) {
            flags[i] = (byte) (from + i);
            records[i] = new ByteBuffer[] {ByteBuffer.wrap(payload(from + i))};
        }
        return log.appendAll(flags, records, count);
    }
}
