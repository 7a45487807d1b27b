package io.warren.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One append-only segment file {@code <baseOffset:%020d>.log} with its {@link OffsetIndex} and {@link TimeIndex}.
 * <p>File header (32 bytes, big-endian):
 * <pre>
 *  0  4  magic "WRSG"
 *  4  2  format version (1)
 *  6  2  flags (0, reserved)
 *  8  8  base offset (equals the file name)
 * 16  8  synced size: bytes [0, syncedSize) were forced to disk and end on a record boundary
 * 24  4  CRC-32C of bytes 8..23 (base offset and synced size)
 * 28  4  reserved (0)
 * </pre>
 * Records ({@link RecordFormat}) follow from byte 32, with contiguous offsets starting at the base offset.
 * The synced size is written after each successful {@code force} (it reaches the disk with the next one), so
 * after a crash {@link LogRecovery} only re-checks bytes that may not have been durable; a missing or damaged
 * value just means "check the whole segment".
 * <p>Confinement: appends, reads, sealing, retiring and deleting run on the owning log's thread. {@link #sync()}
 * runs on the sync thread under the log's flush lock; it only forces the channel and rewrites header bytes
 * 16..31, which no other code writes after creation. The size, offsets and timestamps are volatile so that
 * {@link SegmentedLog#segments()} and the sync thread can read them.
 * <p>Buffers: {@link #append} copies the caller's buffers into the file and restores their positions; it keeps no
 * reference to them.
 */
final class LogSegment {
    static final int HEADER_SIZE = 32;
    static final int MAGIC = 0x57525347;  // "WRSG"
    static final short FORMAT_VERSION = 1;
    static final int BASE_OFFSET_AT = 8;
    static final int SYNCED_SIZE_AT = 16;
    static final int SYNCED_CRC_AT = 24;

    private final Path dir;
    private final long baseOffset;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;

    private final ByteBuffer recordHeader = ByteBuffer.allocateDirect(RecordFormat.HEADER_SIZE);
    private final CRC32C crc = new CRC32C();
    private ByteBuffer[] gather = new ByteBuffer[4];
    private int[] savedPositions = new int[3];
    private ByteBuffer batchHeaders;
    private int bytesSinceIndexEntry;

    private volatile int size;
    private volatile long nextOffset;
    private volatile long firstTimestamp;
    private volatile long maxTimestamp;
    private volatile boolean retired;

    // guarded by the owning log's flush lock
    private int syncedSize;
    private boolean headerPending;
    private final ByteBuffer syncHeader = ByteBuffer.allocate(HEADER_SIZE - SYNCED_SIZE_AT);
    private final CRC32C syncCrc = new CRC32C();

    LogSegment(Path dir, long baseOffset, FileChannel channel, OffsetIndex offsetIndex, TimeIndex timeIndex,
               int indexIntervalBytes, int size, long nextOffset, long firstTimestamp, long maxTimestamp,
               int bytesSinceIndexEntry, int syncedSize) throws IOException {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.channel = channel;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.size = size;
        this.nextOffset = nextOffset;
        this.firstTimestamp = firstTimestamp;
        this.maxTimestamp = maxTimestamp;
        this.bytesSinceIndexEntry = bytesSinceIndexEntry;
        this.syncedSize = syncedSize;
        channel.position(size);
    }

    /** Creates a new, empty segment (its file must not exist yet). */
    static LogSegment create(Path dir, long baseOffset, LogConfig config) throws IOException {
        FileChannel ch = FileChannel.open(SegmentFiles.path(dir, baseOffset, SegmentFiles.Kind.LOG),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            writeFileHeader(ch, baseOffset);
            OffsetIndex oi = OffsetIndex.forAppend(
                    SegmentFiles.path(dir, baseOffset, SegmentFiles.Kind.OFFSET_INDEX), 0, -1);
            TimeIndex ti = TimeIndex.forAppend(
                    SegmentFiles.path(dir, baseOffset, SegmentFiles.Kind.TIME_INDEX), 0, -1);
            return new LogSegment(dir, baseOffset, ch, oi, ti, config.indexIntervalBytes(), HEADER_SIZE,
                    baseOffset, -1, -1, 0, HEADER_SIZE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Writes a fresh 32-byte header (synced size = header only) at position 0 of {@code ch}. */
    static void writeFileHeader(FileChannel ch, long baseOffset) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        h.putInt(MAGIC).putShort(FORMAT_VERSION).putShort((short) 0).putLong(baseOffset);
        fillSyncedSize(h, SYNCED_SIZE_AT, baseOffset, HEADER_SIZE, new CRC32C());
        writeFully(ch, h.clear(), 0);
    }

    private static void fillSyncedSize(ByteBuffer h, int at, long baseOffset, long syncedSize, CRC32C crc) {
        h.putLong(at, syncedSize);
        crc.reset();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(baseOffset).putLong(syncedSize).flip();
        crc.update(b);
        h.putInt(at + 8, (int) crc.getValue());
        h.putInt(at + 12, 0);
    }

    /** The synced size stored in a raw header image, or -1 if its CRC does not match. */
    static long syncedSizeOf(ByteBuffer header, long baseOffset) {
        long synced = header.getLong(SYNCED_SIZE_AT);
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(16).putLong(baseOffset).putLong(synced).flip());
        return (int) c.getValue() == header.getInt(SYNCED_CRC_AT) ? synced : -1;
    }

    /**
     * Appends one record and returns its byte position in the file.
     *
     * @param parts read from position to limit; their positions are unchanged on return
     */
    int append(long offset, long timestampMs, byte flags, ByteBuffer[] parts, int payloadLength) throws IOException {
        int position = size;
        int n = parts.length;
        if (gather.length < n + 1) {
            gather = new ByteBuffer[n + 1];
            savedPositions = new int[n];
        }
        RecordFormat.writeHeader(recordHeader, payloadLength, offset, timestampMs, flags, parts, crc);
        gather[0] = recordHeader;
        for (int i = 0; i < n; i++) {
            savedPositions[i] = parts[i].position();
            gather[i + 1] = parts[i];
        }
        long remaining = (long) RecordFormat.HEADER_SIZE + payloadLength;
        try {
            while (remaining > 0) {
                remaining -= channel.write(gather, 0, n + 1);
            }
        } catch (IOException e) {
            rollBack(position);
            throw e;
        } finally {
            for (int i = 0; i < n; i++) {
                parts[i].position(savedPositions[i]);
                gather[i + 1] = null;
            }
        }
        int recordSize = RecordFormat.HEADER_SIZE + payloadLength;
        long max = Math.max(maxTimestamp, timestampMs);
        if (bytesSinceIndexEntry >= indexIntervalBytes) {
            int rel = (int) (offset - baseOffset);
            try {
                offsetIndex.append(rel, position);
                timeIndex.append(max, rel);
            } catch (IOException e) {
                rollBack(position);  // keep file, size and channel position in step; recovery fixes the index
                throw e;
            }
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += recordSize;
        if (offset == baseOffset) {
            firstTimestamp = timestampMs;
        }
        maxTimestamp = max;
        nextOffset = offset + 1;
        size = position + recordSize;  // last: whoever sees the new size sees a complete record
        return position;
    }

    /**
     * Appends {@code count} records, {@code records[from..from+count)}, all with the same timestamp and offsets
     * from {@code firstOffset}, with one gathering write: the batch path of a stream, where a write per record
     * would cost a system call per message. The caller has checked that they fit ({@link #fits}). On failure the
     * segment is unchanged.
     *
     * @param records each record's payload parts, read from position to limit; positions are unchanged on return
     * @param payloadLengths each record's payload length
     */
    void appendBatch(long firstOffset, long timestampMs, byte[] flags, ByteBuffer[][] records, int[] payloadLengths,
                     int from, int count) throws IOException {
        int position = size;
        int buffers = count;
        long bytes = (long) count * RecordFormat.HEADER_SIZE;
        for (int i = from; i < from + count; i++) {
            buffers += records[i].length;
            bytes += payloadLengths[i];
        }
        if (batchHeaders == null || batchHeaders.capacity() < count * RecordFormat.HEADER_SIZE) {
            batchHeaders = ByteBuffer.allocateDirect(Math.max(64, count) * RecordFormat.HEADER_SIZE);
        }
        ByteBuffer[] gather = new ByteBuffer[buffers];
        int g = 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer[] parts = records[from + i];
            ByteBuffer header = batchHeaders.duplicate();
            header.position(i * RecordFormat.HEADER_SIZE).limit((i + 1) * RecordFormat.HEADER_SIZE);
            header = header.slice();
            RecordFormat.writeHeader(header, payloadLengths[from + i], firstOffset + i, timestampMs,
                    flags[from + i], parts, crc);
            gather[g++] = header;
            for (ByteBuffer part : parts) {
                gather[g++] = part.duplicate();  // the write advances these views, not the caller's buffers
            }
        }
        try {
            long remaining = bytes;
            int first = 0;
            while (remaining > 0) {
                remaining -= channel.write(gather, first, gather.length - first);
                while (first < gather.length && !gather[first].hasRemaining()) {
                    first++;
                }
            }
        } catch (IOException e) {
            rollBack(position);
            throw e;
        }
        long max = Math.max(maxTimestamp, timestampMs);
        int recordPosition = position;
        for (int i = 0; i < count; i++) {
            int recordSize = RecordFormat.HEADER_SIZE + payloadLengths[from + i];
            long offset = firstOffset + i;
            if (bytesSinceIndexEntry >= indexIntervalBytes) {
                int rel = (int) (offset - baseOffset);
                try {
                    offsetIndex.append(rel, recordPosition);
                    timeIndex.append(max, rel);
                } catch (IOException e) {
                    rollBack(position);
                    throw e;
                }
                bytesSinceIndexEntry = 0;
            }
            bytesSinceIndexEntry += recordSize;
            recordPosition += recordSize;
        }
        if (firstOffset == baseOffset) {
            firstTimestamp = timestampMs;
        }
        maxTimestamp = max;
        nextOffset = firstOffset + count;
        size = recordPosition;  // last: whoever sees the new size sees complete records
    }

    /** Whether {@code bytes} more bytes keep this segment within the size limit. */
    boolean fits(long bytes, LogConfig config) {
        return (long) size + bytes <= config.segmentBytes();
    }

    /**
     * True if the log should roll before appending a record of {@code recordSize} bytes: this segment holds at
     * least one record and the record would take it over the size limit, or its first record is too old.
     */
    boolean shouldRollBefore(int recordSize, long timestampMs, LogConfig config) {
        long count = recordCount();
        if (count == 0) {
            return false;
        }
        if ((long) size + recordSize > config.segmentBytes() || count >= Integer.MAX_VALUE) {
            return true;
        }
        long maxAge = config.segmentMaxAge().toMillis();
        return maxAge > 0 && timestampMs - firstTimestamp >= maxAge;
    }

    private void rollBack(int position) {
        try {
            channel.truncate(position);
            channel.position(position);
        } catch (IOException ignored) {
            // the write already failed; recovery would cut the partial record at the next open
        }
    }

    /** Stops appends: closes the index files (lookups reopen them briefly). */
    void seal() throws IOException {
        offsetIndex.seal();
        timeIndex.seal();
    }

    /**
     * Forces appended bytes to disk if any were appended since the last call, then records the synced size in
     * the header. Called under the log's flush lock. A segment retired concurrently counts as synced.
     *
     * @return true if {@code force} was called
     */
    boolean sync() throws IOException {
        int s = size;
        if (s == syncedSize && !headerPending) {
            return false;
        }
        try {
            channel.force(false);
            if (s != syncedSize) {
                syncHeader.clear();
                fillSyncedSize(syncHeader, 0, baseOffset, s, syncCrc);
                writeFully(channel, syncHeader, SYNCED_SIZE_AT);
                syncedSize = s;
                headerPending = true;
            } else {
                headerPending = false;
            }
            return true;
        } catch (ClosedChannelException e) {
            if (retired) {
                return false;  // deleted or closed by its owner: nothing left to make durable
            }
            throw e;
        }
    }

    /** Marks the segment deleted (readers and the sync thread check this) and closes its files. */
    void retire() {
        retired = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we are about to delete
        }
        try {
            offsetIndex.close();
            timeIndex.close();
        } catch (IOException ignored) {
            // same
        }
    }

    /** Closes the segment at log close: the index files are written out, then {@link #retire()}. */
    void closeFiles() {
        try {
            seal();
        } catch (IOException ignored) {
            // an index is a cache: a missing or short one is rebuilt at the next open
        } finally {
            retire();
        }
    }

    /** Renames each file to {@code .deleted}, then deletes it. Call after {@link #retire()}. */
    void deleteFiles() throws IOException {
        SegmentFiles.renameAndDelete(SegmentFiles.path(dir, baseOffset, SegmentFiles.Kind.LOG));
        SegmentFiles.renameAndDelete(offsetIndex.path());
        SegmentFiles.renameAndDelete(timeIndex.path());
    }

    /** File position from which a scan finds {@code offset}: an index lookup. */
    int scanStartFor(long offset) throws IOException {
        if (offset <= baseOffset) {
            return HEADER_SIZE;
        }
        long rel = Math.min(offset - baseOffset, Integer.MAX_VALUE);
        return offsetIndex.floorPosition((int) rel);
    }

    /**
     * The first offset in this segment whose timestamp is {@code >= timestampMs}, or -1: the time index gives
     * the last entry older than that (every record up to it is older), the offset index a position, then a scan.
     */
    long findTimestamp(long timestampMs, RecordScanner scanner) throws IOException {
        long rel = timeIndex.lastRelativeOffsetBefore(timestampMs);
        long from = rel < 0 ? baseOffset : baseOffset + rel + 1;
        long pos = scanStartFor(from);
        long limit = size;
        scanner.invalidate();
        while (scanner.readAt(channel, pos, limit) == RecordScanner.Result.RECORD) {
            if (scanner.offset() >= from && scanner.timestamp() >= timestampMs) {
                return scanner.offset();
            }
            pos += scanner.recordSize();
        }
        return -1;
    }

    /**
     * Reads the payload of the record at {@code position} into {@code dst} after checking that it is the record
     * with {@code expectedOffset} and that its CRC matches. Returns the payload length.
     */
    int readRecordAt(int position, long expectedOffset, ByteBuffer dst, ByteBuffer header, CRC32C crcScratch)
            throws IOException {
        int limit = size;
        if (position < HEADER_SIZE || position > limit - RecordFormat.HEADER_SIZE) {
            throw new IllegalArgumentException("position: " + position + " (expected: " + HEADER_SIZE + ".."
                    + (limit - RecordFormat.HEADER_SIZE) + " in " + file() + ")");
        }
        header.clear().limit(RecordFormat.HEADER_SIZE);
        readFully(header, position);
        long offset = header.getLong(RecordFormat.OFFSET_AT);
        int len = RecordFormat.payloadLength(header, 0);
        if (offset != expectedOffset || len < 0 || position + RecordFormat.HEADER_SIZE + (long) len > limit) {
            throw new IllegalArgumentException("no record with offset " + expectedOffset + " at position "
                    + position + " of " + file() + " (found offset " + offset + ", length " + len + ")");
        }
        if (dst.remaining() < len) {
            throw new IllegalArgumentException("dst.remaining(): " + dst.remaining() + " (expected: >= " + len + ")");
        }
        int start = dst.position();
        ByteBuffer window = dst.duplicate();
        window.limit(start + len);
        readFully(window, position + RecordFormat.HEADER_SIZE);
        if (!RecordFormat.crcMatches(header, 0, dst, start, len, crcScratch)) {
            throw new io.warren.store.StoreIoException("CRC mismatch in record " + offset + " of " + file());
        }
        dst.position(start + len);
        return len;
    }

    private void readFully(ByteBuffer dst, long at) throws IOException {
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new java.io.EOFException("unexpected end of " + file() + " at " + at);
            }
            at += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer src, long at) throws IOException {
        while (src.hasRemaining()) {
            at += ch.write(src, at);
        }
    }

    SegmentInfo info() {
        long next = nextOffset;
        return new SegmentInfo(baseOffset, size, firstTimestamp, maxTimestamp, next - baseOffset);
    }

    Path file() {
        return SegmentFiles.path(dir, baseOffset, SegmentFiles.Kind.LOG);
    }

    FileChannel channel() {
        return channel;
    }

    long baseOffset() {
        return baseOffset;
    }

    int size() {
        return size;
    }

    long nextOffset() {
        return nextOffset;
    }

    long recordCount() {
        return nextOffset - baseOffset;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    boolean isRetired() {
        return retired;
    }
}
