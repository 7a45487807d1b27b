package io.warren.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Sparse offset index of one segment: {@code <base>.idx}.
 * <p>Format: a sequence of 8-byte big-endian entries {@code [u32 relativeOffset][u32 position]}, where
 * {@code relativeOffset = offset - baseOffset} and {@code position} is the byte position of that record in
 * the {@code .log} file. An entry is added for the first record appended after at least
 * {@link LogConfig#indexIntervalBytes()} bytes of records since the previous entry (Kafka's rule), so the
 * first record of a segment has no entry (position 32 is implied). Entries strictly increase in both fields;
 * an all-zero entry is never valid (no record starts at position 0), which lets recovery spot a zero-filled tail.
 * <p>The index is a cache: it is not checksummed or forced, and {@link LogRecovery} validates it against the
 * log and rebuilds it when missing or inconsistent. It has the same number of entries as the {@link TimeIndex}.
 * <p>Confinement: the owning log's thread. Not thread-safe.
 */
final class OffsetIndex {
    static final int ENTRY_SIZE = 8;

    private final EntryFile file;
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
    private final ByteBuffer found = ByteBuffer.allocate(ENTRY_SIZE);

    private OffsetIndex(EntryFile file) {
        this.file = file;
    }

    /** See {@link EntryFile#forAppend}: nothing is opened until the first append or {@link #seal()}. */
    static OffsetIndex forAppend(Path path, int keepEntries, long currentBytes) {
        return new OffsetIndex(EntryFile.forAppend(path, ENTRY_SIZE, keepEntries, currentBytes));
    }

    void append(int relativeOffset, int position) throws IOException {
        entry.clear();
        entry.putInt(0, relativeOffset).putInt(4, position);
        file.append(entry);
    }

    int entries() {
        return file.count();
    }

    /**
     * Position of the last indexed record whose relative offset is {@code <= relativeOffset}, or
     * {@link LogSegment#HEADER_SIZE} (the first record) when no entry qualifies.
     */
    int floorPosition(int relativeOffset) throws IOException {
        int i = file.floor(e -> e.getInt(0) & 0xFFFF_FFFFL, relativeOffset & 0xFFFF_FFFFL, found);
        return i < 0 ? LogSegment.HEADER_SIZE : found.getInt(4);
    }

    void seal() throws IOException {
        file.seal();
    }

    void close() throws IOException {
        file.close();
    }

    Path path() {
        return file.path();
    }

    /** Relative offset of entry {@code i} of a raw index image (used by recovery). */
    static int relativeOffsetAt(ByteBuffer image, int i) {
        return image.getInt(i * ENTRY_SIZE);
    }

    /** Position of entry {@code i} of a raw index image (used by recovery). */
    static int positionAt(ByteBuffer image, int i) {
        return image.getInt(i * ENTRY_SIZE + 4);
    }
}
