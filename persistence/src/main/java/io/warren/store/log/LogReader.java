package io.warren.store.log;

import io.warren.store.StoreIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * A cursor over a {@link SegmentedLog}: each reader has its own position, so many consumers can replay the same
 * log independently.
 * <pre>
 * LogReader r = log.newReader(offset);
 * while (r.next()) {
 *     consume(r.offset(), r.timestamp(), r.flags(), r.payload());
 * }
 * // later, after more appends, next() continues where it stopped
 * </pre>
 * Reads go through a per-reader heap buffer filled with positional reads, several records at a time (the page
 * cache does the caching; there is no per-record system call for small records). Every record's CRC is
 * checked. Offsets deleted by retention or segment deletion are skipped: the reader moves to the oldest
 * remaining offset.
 * <p>Confinement: the log's owning thread, like the log itself.
 * <p>Buffers: {@link #payload()} is a read-only view of the reader's own buffer. It is valid until the next call
 * to {@link #next()} or {@link #seek(long)}; copy the bytes (for example into a Netty buffer) to keep them.
 */
public final class LogReader {
    private final SegmentedLog log;
    private final RecordScanner scanner;
    private LogSegment segment;
    private long position;
    private long wanted;
    private long offset = -1;
    private long timestamp;
    private byte flags;
    private int recordPosition;

    LogReader(SegmentedLog log, long startOffset, LogConfig config) {
        this.log = log;
        this.scanner = new RecordScanner(config.readBufferBytes(), config.maxRecordBytes());
        seek(startOffset);
    }

    /**
     * Positions the reader so that {@link #next()} returns the first record with an offset {@code >= offset}
     * (the oldest record if {@code offset} was deleted, nothing until it is appended if it is in the future).
     */
    public void seek(long offset) {
        log.ensureOpen();
        long target = Math.max(offset, log.firstOffset());
        LogSegment s = log.segmentList().containing(target);
        try {
            position = s.scanStartFor(target);
        } catch (IOException e) {
            throw StoreIoException.wrap("index lookup in " + s.file() + " failed", e);
        }
        segment = s;
        wanted = target;
        this.offset = -1;
        scanner.invalidate();
    }

    /**
     * Advances to the next record. Returns false when the reader has reached the end of the log; it may be
     * called again later to pick up records appended since.
     *
     * @throws StoreIoException if a record in the readable range is damaged
     */
    public boolean next() {
        log.ensureOpen();
        for (;;) {
            if (segment.isRetired()) {
                seek(wanted);
                continue;
            }
            RecordScanner.Result r;
            try {
                r = scanner.readAt(segment.channel(), position, segment.size());
            } catch (ClosedChannelException e) {
                if (segment.isRetired()) {
                    continue;  // deleted under us: seek again above
                }
                throw StoreIoException.wrap("read from " + segment.file() + " failed", e);
            } catch (IOException e) {
                throw StoreIoException.wrap("read from " + segment.file() + " failed", e);
            }
            switch (r) {
                case END -> {
                    LogSegment after = log.segmentList().after(segment.baseOffset());
                    if (after == null) {
                        return false;
                    }
                    segment = after;
                    position = LogSegment.HEADER_SIZE;
                    scanner.invalidate();
                }
                case RECORD -> {
                    long off = scanner.offset();
                    recordPosition = (int) position;
                    position += scanner.recordSize();
                    if (off >= wanted) {
                        offset = off;
                        timestamp = scanner.timestamp();
                        flags = scanner.flags();
                        wanted = off + 1;
                        return true;
                    }
                }
                default -> throw new StoreIoException("damaged record at position " + position + " of "
                        + segment.file() + " (" + r + ")");
            }
        }
    }

    /** Offset of the current record. */
    public long offset() {
        checkCurrent();
        return offset;
    }

    /** Timestamp (ms since the epoch) of the current record. */
    public long timestamp() {
        checkCurrent();
        return timestamp;
    }

    /** Flags byte of the current record. */
    public byte flags() {
        checkCurrent();
        return flags;
    }

    /** Payload of the current record: a read-only view owned by this reader, valid until the next move. */
    public ByteBuffer payload() {
        checkCurrent();
        return scanner.payload();
    }

    /** Base offset of the segment holding the current record. */
    public long segmentBase() {
        checkCurrent();
        return segment.baseOffset();
    }

    /** Byte position of the current record in its segment file. */
    public int recordPosition() {
        checkCurrent();
        return recordPosition;
    }

    /** The offset the next call to {@link #next()} looks for. */
    public long nextOffset() {
        return wanted;
    }

    private void checkCurrent() {
        if (offset < 0) {
            throw new IllegalStateException("no current record: call next() first");
        }
    }
}
