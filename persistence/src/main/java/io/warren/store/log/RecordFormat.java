package io.warren.store.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Layout of one record in a segment file, big-endian:
 * <pre>
 * offset  size  field
 *  0      4     length     u32: number of payload bytes (the record takes {@link #HEADER_SIZE} + length bytes)
 *  4      4     crc        u32: CRC-32C (Castagnoli) over bytes 8 .. end of payload
 *  8      8     offset     i64: the record's logical offset (contiguous within a segment)
 * 16      8     timestamp  i64: milliseconds since the epoch (append time unless the caller gave one)
 * 24      1     flags      u8:  opaque to the log; classic queues use bit 0 = persistent
 * 25      n     payload    opaque bytes
 * </pre>
 * The length is not covered by the CRC, but a damaged length makes the record either run past the end of the
 * file (a short record) or fail the CRC, and recovery stops at both. Stateless and thread-safe.
 */
public final class RecordFormat {
    public static final int LENGTH_AT = 0;
    public static final int CRC_AT = 4;
    public static final int OFFSET_AT = 8;
    public static final int TIMESTAMP_AT = 16;
    public static final int FLAGS_AT = 24;
    /** Bytes before the payload. */
    public static final int HEADER_SIZE = 25;
    /** First byte covered by the CRC. */
    public static final int CRC_FROM = OFFSET_AT;

    private RecordFormat() {
    }

    /**
     * Writes a record header into {@code header} (absolute puts at 0..24; position and limit are set to 0 and
     * {@link #HEADER_SIZE}) with the CRC of the header fields and of {@code parts}.
     * The parts' positions are left unchanged.
     */
    public static void writeHeader(ByteBuffer header, int payloadLength, long offset, long timestampMs, byte flags,
                                   ByteBuffer[] parts, CRC32C crc) {
        header.clear();
        header.putInt(LENGTH_AT, payloadLength);
        header.putLong(OFFSET_AT, offset);
        header.putLong(TIMESTAMP_AT, timestampMs);
        header.put(FLAGS_AT, flags);
        crc.reset();
        header.limit(HEADER_SIZE).position(CRC_FROM);
        crc.update(header);
        for (ByteBuffer part : parts) {
            int p = part.position();
            crc.update(part);
            part.position(p);
        }
        header.putInt(CRC_AT, (int) crc.getValue());
        header.position(0).limit(HEADER_SIZE);
    }

    /** Payload length of the header at {@code at}, or -1 if it does not fit in an int. */
    public static int payloadLength(ByteBuffer buf, int at) {
        int len = buf.getInt(at + LENGTH_AT);
        return len < 0 ? -1 : len;
    }

    /**
     * True if the CRC stored in the header at {@code headerAt} of {@code header} matches its fields and the
     * {@code payloadLength} bytes of {@code payload} starting at {@code payloadAt}. No position is changed.
     */
    public static boolean crcMatches(ByteBuffer header, int headerAt, ByteBuffer payload, int payloadAt,
                                     int payloadLength, CRC32C crc) {
        crc.reset();
        update(crc, header, headerAt + CRC_FROM, HEADER_SIZE - CRC_FROM);
        update(crc, payload, payloadAt, payloadLength);
        return (int) crc.getValue() == header.getInt(headerAt + CRC_AT);
    }

    private static void update(CRC32C crc, ByteBuffer buf, int at, int len) {
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + at, len);
        } else {
            ByteBuffer d = buf.duplicate();
            d.limit(at + len).position(at);
            crc.update(d);
        }
    }
}
