package io.warren.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index entries are buffered: written a buffer at a time, before a lookup and at seal, never lost to a lookup. */
class OffsetIndexBufferTest {
    @TempDir
    Path dir;

    @Test
    void entriesReachTheFileInBatchesAndLookupsSeeEveryEntry() throws IOException {
        Path path = dir.resolve("0.idx");
        OffsetIndex index = OffsetIndex.forAppend(path, 0, -1);
        index.append(1, 100);
        index.append(2, 200);
        assertFalse(Files.exists(path), "two entries are still buffered");

        assertEquals(200, index.floorPosition(7), "a lookup sees buffered entries");
        assertEquals(2 * OffsetIndex.ENTRY_SIZE, Files.size(path), "a lookup writes them first");

        for (int i = 3; i < 3 + EntryFile.PENDING_ENTRIES; i++) {
            index.append(i, i * 100);
        }
        assertEquals((2 + EntryFile.PENDING_ENTRIES) * OffsetIndex.ENTRY_SIZE, Files.size(path),
                "a full buffer is written in one go");
        index.append(1000, 100_000);
        index.seal();
        assertEquals((3 + EntryFile.PENDING_ENTRIES) * OffsetIndex.ENTRY_SIZE, Files.size(path), "seal writes the rest");
        assertEquals(100_000, index.floorPosition(2000));
        assertEquals(300, index.floorPosition(3));
    }

    @Test
    void aReopenedShortIndexIsCutBeforeTheFirstBufferedWrite() throws IOException {
        Path path = dir.resolve("0.idx");
        OffsetIndex first = OffsetIndex.forAppend(path, 0, -1);
        for (int i = 1; i <= 4; i++) {
            first.append(i, i * 100);
        }
        first.seal();
        // recovery kept the first two entries only (the others named records lost with a torn tail)
        OffsetIndex reopened = OffsetIndex.forAppend(path, 2, Files.size(path));
        reopened.append(3, 333);
        assertEquals(333, reopened.floorPosition(9));
        assertEquals(3 * OffsetIndex.ENTRY_SIZE, Files.size(path));
        assertEquals(200, reopened.floorPosition(2));
        reopened.seal();
    }
}
