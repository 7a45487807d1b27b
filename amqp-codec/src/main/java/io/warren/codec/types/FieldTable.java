package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpConstants;
import io.warren.codec.AmqpException;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable AMQP field table, kept as its raw wire bytes (the entries, without the u32 length prefix) and
 * parsed only when a value is asked for.
 *
 * <p>This is principle 3 of the design ("bytes flow, objects don't"): a table that is only passed along (queue
 * arguments stored as definitions, headers copied to a delivery) is never turned into objects. {@link #read}
 * validates the whole structure eagerly, without allocating per entry, so a malformed table fails at decode
 * time with SYNTAX_ERROR and later access cannot fail.
 *
 * <p>Thread-safety: immutable and safe to share. The parsed map is cached in a plain field; the race is benign
 * because the cached value is an unmodifiable wrapper whose final field publishes the fully built map (the same
 * idiom as {@link String#hashCode()}). Value types are listed in {@link FieldTables}; {@code byte[]} values in
 * the map are shared with the cache and must not be modified.
 *
 * <p>Equality is over the raw bytes: two tables with the same entries in a different order are not equal.
 */
public final class FieldTable {
    private static final byte[] NO_BYTES = new byte[0];

    /** The table with no entries (a zero length on the wire). */
    public static final FieldTable EMPTY = new FieldTable(NO_BYTES);

    private final byte[] raw;
    private Map<String, Object> map;   // lazily parsed, see the class comment on the benign race

    /** Takes {@code raw} without copying: callers pass validated bytes they do not keep. */
    FieldTable(byte[] raw) {
        this.raw = raw;
    }

    /**
     * Reads a u32 length and that many bytes of entries, validating the structure (type letters, lengths,
     * nesting up to {@link AmqpConstants#MAX_TABLE_DEPTH}) before copying the bytes.
     *
     * @throws AmqpException SYNTAX_ERROR with a message naming the offending key; the reader index is then
     *                       unchanged
     */
    public static FieldTable read(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 4) {
            throw AmqpException.syntaxError("truncated field table: %d bytes left for a 4-byte length",
                    in.readableBytes());
        }
        long length = in.getUnsignedInt(start);
        if (length > in.readableBytes() - 4) {
            throw AmqpException.syntaxError("truncated field table: length %d, %d bytes left", length,
                    in.readableBytes() - 4);
        }
        if (length == 0) {
            in.skipBytes(4);
            return EMPTY;
        }
        FieldTables.validateTable(in, start + 4, start + 4 + (int) length, 1);
        byte[] bytes = ByteBufUtil.getBytes(in, start + 4, (int) length);
        in.skipBytes(4 + (int) length);
        return new FieldTable(bytes);
    }

    /**
     * Encodes {@code map} (iteration order becomes wire order) with the Java-to-letter mapping of
     * {@link FieldTables}.
     *
     * @throws IllegalArgumentException for an unsupported value type (naming the key and class), a key longer
     *                                  than 255 bytes, or nesting deeper than the limit
     */
    public static FieldTable of(Map<String, ?> map) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        ByteBuf buf = Unpooled.buffer();
        try {
            FieldTables.writeTable(buf, map, 1);
            return new FieldTable(ByteBufUtil.getBytes(buf, 4, buf.readableBytes() - 4));
        } finally {
            buf.release();
        }
    }

    /** Writes the u32 length and the raw entries. */
    public void write(ByteBuf out) {
        out.writeInt(raw.length).writeBytes(raw);
    }

    /** The number of bytes {@link #write} appends. */
    public int encodedLength() {
        return 4 + raw.length;
    }

    /** The value of {@code key} (see {@link FieldTables} for the types), or {@code null} when absent or void. */
    public Object get(String key) {
        return raw.length == 0 ? null : asMap().get(key);
    }

    public boolean containsKey(String key) {
        return raw.length != 0 && asMap().containsKey(key);
    }

    /** The entries as an unmodifiable map in wire order; parsed on first call and cached. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = map;
        if (m == null) {
            m = raw.length == 0 ? Collections.emptyMap() : Collections.unmodifiableMap(FieldTables.parseEntries(raw));
            map = m;
        }
        return m;
    }

    public void forEach(BiConsumer<String, Object> action) {
        asMap().forEach(action);
    }

    public boolean isEmpty() {
        return raw.length == 0;
    }

    public int size() {
        return asMap().size();
    }

    /** A copy of the raw entries (without the length prefix); the table itself stays immutable. */
    public byte[] rawBytes() {
        return raw.clone();
    }

    /** The internal array, for encoders in this package only. Never modify it. */
    byte[] rawBytesUnsafe() {
        return raw;
    }

    int rawLength() {
        return raw.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldTable t && Arrays.equals(raw, t.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** Readable form: {@code {key=value, ...}}; strings quoted, byte arrays in hex, nested tables inline. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTable(sb, this);
        return sb.toString();
    }

    private static void appendTable(StringBuilder sb, FieldTable t) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : t.asMap().entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=');
            appendValue(sb, e.getValue());
        }
        sb.append('}');
    }

    private static void appendValue(StringBuilder sb, Object v) {
        if (v instanceof String s) {
            sb.append('"').append(s).append('"');
        } else if (v instanceof byte[] bytes) {
            sb.append("0x").append(ByteBufUtil.hexDump(bytes));
        } else if (v instanceof FieldTable t) {
            appendTable(sb, t);
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                appendValue(sb, list.get(i));
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }
}
