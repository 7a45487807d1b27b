package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Adds the {@code x-stream-offset} header to a message's properties at the byte level, without decoding them:
 * the headers flag is set and a long-valued entry is appended to the headers table (a table is created when the
 * message had none). This is the per-delivery work of a stream, so it copies the properties once and builds no
 * map, string or field table.
 *
 * <p>Raw basic properties are a 16-bit flag word (bit 15 content-type, bit 14 content-encoding, bit 13 headers,
 * ...; bit 0 announces another flag word) followed by the present values in flag order; content-type and
 * content-encoding are short strings and headers is a table ({@code u32} length, then entries). When the table
 * may already hold the key, or the flags use a continuation word, {@link #append} declines and the caller
 * takes the decoding path, which replaces an existing value.
 */
final class StreamOffsetHeader {
    private static final byte[] KEY = MessageRecords.STREAM_OFFSET.getBytes(StandardCharsets.US_ASCII);
    /** Short string key, type octet, 64-bit value. */
    static final int ENTRY_LENGTH = 1 + KEY.length + 1 + 8;
    private static final int CONTENT_TYPE = 1 << 15;
    private static final int CONTENT_ENCODING = 1 << 14;
    private static final int HEADERS = 1 << 13;
    private static final int CONTINUATION = 1;

    private StreamOffsetHeader() {
    }

    /**
     * Writes {@code raw} (the wire properties, position to limit) to {@code out} with the offset header added.
     * Returns false, having written nothing, when it cannot do so without decoding.
     */
    static boolean append(ByteBuffer raw, long offset, ByteBuf out) {
        int start = raw.position();
        int end = raw.limit();
        if (end - start < 2) {
            return false;
        }
        int flags = raw.getShort(start) & 0xFFFF;
        if ((flags & CONTINUATION) != 0) {
            return false;
        }
        int pos = start + 2;
        if ((flags & CONTENT_TYPE) != 0) {
            pos += 1 + (raw.get(pos) & 0xFF);
        }
        if ((flags & CONTENT_ENCODING) != 0) {
            pos += 1 + (raw.get(pos) & 0xFF);
        }
        int tableLength = 0;
        int rest = pos;
        if ((flags & HEADERS) != 0) {
            tableLength = raw.getInt(pos);
            rest = pos + 4 + tableLength;
            if (tableLength < 0 || rest > end || mayContainKey(raw, pos + 4, rest)) {
                return false;
            }
        }
        if (pos > end) {
            return false;
        }
        out.writeShort(flags | HEADERS);
        out.writeBytes(raw.duplicate().position(start + 2).limit(pos));
        out.writeInt(tableLength + ENTRY_LENGTH);
        if (tableLength > 0) {
            out.writeBytes(raw.duplicate().position(pos + 4).limit(rest));
        }
        out.writeByte(KEY.length).writeBytes(KEY).writeByte('l').writeLong(offset);
        out.writeBytes(raw.duplicate().position(rest).limit(end));
        return true;
    }

    /** Whether the length-prefixed key occurs anywhere in {@code [from, to)}; a false positive is harmless. */
    private static boolean mayContainKey(ByteBuffer raw, int from, int to) {
        int last = to - KEY.length - 1;
        outer:
        for (int i = from; i <= last; i++) {
            if (raw.get(i) != KEY.length) {
                continue;
            }
            for (int j = 0; j < KEY.length; j++) {
                if (raw.get(i + 1 + j) != KEY[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
