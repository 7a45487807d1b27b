package io.warren.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Buffered, CRC-checking sequential reader of records in one segment file, shared by {@link LogReader},
 * {@link LogRecovery} and the time lookup of {@link SegmentedLog}.
 * <p>It reads ahead into one heap buffer (grown to fit the largest record seen, never shrunk) with positional
 * reads, so a run of small records costs one system call per buffer. It never reads past the {@code limit}
 * given by the caller, which keeps bytes of a half-written record out of the buffer.
 * <p>Confinement: one thread. Buffers: {@link #payload()} is a read-only view of the internal buffer, valid
 * until the next call to {@link #readAt} or {@link #invalidate()}.
 */
final class RecordScanner {
    /** Outcome of {@link #readAt}. */
    enum Result {
        /** A complete record with a matching CRC; see the accessors. */
        RECORD,
        /** {@code position == limit}: no more records. */
        END,
        /** Fewer bytes than the header or the declared length need: a torn tail. */
        SHORT,
        /** A length beyond the maximum or a CRC mismatch. */
        CORRUPT
    }

    private final CRC32C crc = new CRC32C();
    private final int maxRecordBytes;
    private ByteBuffer buf;
    private ByteBuffer view;
    private long bufStart = -1;
    private int recordAt;
    private int payloadLength;

    RecordScanner(int initialBufferBytes, int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        this.buf = ByteBuffer.allocate(initialBufferBytes);
        this.buf.limit(0);
        this.view = buf.asReadOnlyBuffer();
    }

    /** Forgets buffered bytes; call when switching to another file or after the file was truncated. */
    void invalidate() {
        bufStart = -1;
        buf.limit(0);
    }

    /** Reads the record that starts at {@code position} of {@code ch}, looking at no byte at or after {@code limit}. */
    Result readAt(FileChannel ch, long position, long limit) throws IOException {
        if (position >= limit) {
            return Result.END;
        }
        if (limit - position < RecordFormat.HEADER_SIZE) {
            return Result.SHORT;
        }
        if (!ensure(ch, position, RecordFormat.HEADER_SIZE, limit)) {
            return Result.SHORT;
        }
        int at = (int) (position - bufStart);
        int len = RecordFormat.payloadLength(buf, at);
        if (len < 0 || len > maxRecordBytes) {
            return Result.CORRUPT;
        }
        long size = (long) RecordFormat.HEADER_SIZE + len;
        if (limit - position < size) {
            return Result.SHORT;
        }
        if (!ensure(ch, position, (int) size, limit)) {
            return Result.SHORT;
        }
        at = (int) (position - bufStart);
        if (!RecordFormat.crcMatches(buf, at, buf, at + RecordFormat.HEADER_SIZE, len, crc)) {
            return Result.CORRUPT;
        }
        recordAt = at;
        payloadLength = len;
        return Result.RECORD;
    }

    long offset() {
        return buf.getLong(recordAt + RecordFormat.OFFSET_AT);
    }

    long timestamp() {
        return buf.getLong(recordAt + RecordFormat.TIMESTAMP_AT);
    }

    byte flags() {
        return buf.get(recordAt + RecordFormat.FLAGS_AT);
    }

    int payloadLength() {
        return payloadLength;
    }

    /** Header plus payload bytes of the current record. */
    int recordSize() {
        return RecordFormat.HEADER_SIZE + payloadLength;
    }

    /** Read-only view of the current payload (position..limit); the same object is reused for every record. */
    ByteBuffer payload() {
        int from = recordAt + RecordFormat.HEADER_SIZE;
        view.clear();
        view.position(from).limit(from + payloadLength);
        return view;
    }

    private boolean ensure(FileChannel ch, long position, int needed, long limit) throws IOException {
        if (bufStart >= 0 && position >= bufStart && position + needed <= bufStart + buf.limit()) {
            return true;
        }
        if (buf.capacity() < needed) {
            buf = ByteBuffer.allocate(Math.max(needed, Math.min(buf.capacity() * 2, maxRecordBytes + 64)));
            view = buf.asReadOnlyBuffer();
        }
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), limit - position));
        bufStart = position;
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        buf.flip();
        if (buf.limit() < needed) {
            invalidate();
            return false;
        }
        return true;
    }
}
