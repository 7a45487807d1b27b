package io.warren.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Time index of one segment: {@code <base>.tidx}, for {@code x-stream-offset} timestamps and age retention.
 * <p>Format: 12-byte big-endian entries {@code [i64 timestampMs][u32 relativeOffset]}. One entry is written
 * next to every {@link OffsetIndex} entry (same relative offset), holding the largest timestamp of all
 * records up to and including that record. Timestamps therefore never decrease even when the clock goes
 * back, and "the first offset whose timestamp is >= t" starts its scan after the last entry below t.
 * <p>A cache, like the offset index: not forced, validated and rebuilt by {@link LogRecovery}.
 * <p>Confinement: the owning log's thread. Not thread-safe.
 */
final class TimeIndex {
    static final int ENTRY_SIZE = 12;

    private final EntryFile file;
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
    private final ByteBuffer found = ByteBuffer.allocate(ENTRY_SIZE);

    private TimeIndex(EntryFile file) {
        this.file = file;
    }

    /** See {@link EntryFile#forAppend}: nothing is opened until the first append or {@link #seal()}. */
    static TimeIndex forAppend(Path path, int keepEntries, long currentBytes) {
        return new TimeIndex(EntryFile.forAppend(path, ENTRY_SIZE, keepEntries, currentBytes));
    }

    void append(long maxTimestamp, int relativeOffset) throws IOException {
        entry.clear();
        entry.putLong(0, maxTimestamp).putInt(8, relativeOffset);
        file.append(entry);
    }

    int entries() {
        return file.count();
    }

    /**
     * Relative offset of the last entry whose timestamp is {@code < timestampMs}: every record up to it is older
     * than {@code timestampMs}. -1 if there is none.
     */
    long lastRelativeOffsetBefore(long timestampMs) throws IOException {
        if (timestampMs == Long.MIN_VALUE) {
            return -1;
        }
        int i = file.floor(e -> e.getLong(0), timestampMs - 1, found);
        return i < 0 ? -1 : found.getInt(8) & 0xFFFF_FFFFL;
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

    static long timestampAt(ByteBuffer image, int i) {
        return image.getLong(i * ENTRY_SIZE);
    }

    static int relativeOffsetAt(ByteBuffer image, int i) {
        return image.getInt(i * ENTRY_SIZE + 8);
    }
}
