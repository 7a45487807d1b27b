package io.warren.store.meta;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Compact binary encoding of argument values (the JDK values that AMQP field tables decode to), written with
 * {@link DataOutput}: no Java serialization. Every value is a one-byte tag followed by its body:
 * <pre>
 * tag  type               body
 *  0   null               -
 *  1   String             varint byte length, UTF-8 bytes
 *  2   Long               8 bytes
 *  3   Integer            4 bytes
 *  4   Short              2 bytes
 *  5   Byte               1 byte
 *  6   Boolean            1 byte (0/1)
 *  7   Double             8 bytes (IEEE 754)
 *  8   Float              4 bytes (IEEE 754)
 *  9   byte[]             varint length, bytes
 * 10   List               varint count, values
 * 11   Map&lt;String,?&gt;     varint count, (String key without tag, value) pairs, in iteration order
 * 12   BigDecimal         4-byte scale, varint length, two's-complement unscaled bytes
 * 13   java.util.Date     8-byte epoch milliseconds (AMQP timestamps)
 * </pre>
 * Varints are unsigned LEB128 (7 bits per byte, low group first). Multi-byte numbers are big-endian.
 * Nesting deeper than {@value #MAX_DEPTH} is refused, so a damaged file cannot overflow the stack. The version
 * of this encoding is the version byte of the record that embeds it ({@link DefinitionCodec}).
 * <p>Stateless and thread-safe.
 */
public final class ValueCodec {
    public static final int MAX_DEPTH = 64;
    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int LONG = 2;
    private static final int INT = 3;
    private static final int SHORT = 4;
    private static final int BYTE = 5;
    private static final int BOOLEAN = 6;
    private static final int DOUBLE = 7;
    private static final int FLOAT = 8;
    private static final int BYTES = 9;
    private static final int LIST = 10;
    private static final int MAP = 11;
    private static final int DECIMAL = 12;
    private static final int TIMESTAMP = 13;

    private ValueCodec() {
    }

    /** Writes {@code map} as a tagless map body (count, then key/value pairs). */
    public static void writeMap(DataOutput out, Map<String, ?> map) throws IOException {
        writeMapBody(out, map, 0);
    }

    public static Map<String, Object> readMap(DataInput in) throws IOException {
        return readMapBody(in, 0);
    }

    public static void writeValue(DataOutput out, Object v) throws IOException {
        writeValue(out, v, 0);
    }

    public static Object readValue(DataInput in) throws IOException {
        return readValue(in, 0);
    }

    private static void writeValue(DataOutput out, Object v, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("argument nesting deeper than " + MAX_DEPTH);
        }
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (v instanceof byte[] b) {
            out.writeByte(BYTES);
            writeVarint(out, b.length);
            out.write(b);
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            writeVarint(out, list.size());
            for (Object e : list) {
                writeValue(out, e, depth + 1);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            writeMapBody(out, map, depth + 1);
        } else if (v instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            out.writeInt(d.scale());
            byte[] unscaled = d.unscaledValue().toByteArray();
            writeVarint(out, unscaled.length);
            out.write(unscaled);
        } else if (v instanceof Date d) {
            out.writeByte(TIMESTAMP);
            out.writeLong(d.getTime());
        } else {
            throw new IllegalArgumentException("unsupported argument value type " + v.getClass().getName()
                    + " (expected: String, Long, Integer, Short, Byte, Boolean, Double, Float, byte[], List, Map, "
                    + "BigDecimal, Date or null)");
        }
    }

    private static void writeMapBody(DataOutput out, Map<?, ?> map, int depth) throws IOException {
        writeVarint(out, map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("argument map key " + e.getKey() + " (expected: a String)");
            }
            writeString(out, key);
            writeValue(out, e.getValue(), depth);
        }
    }

    private static Object readValue(DataInput in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("argument nesting deeper than " + MAX_DEPTH);
        }
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> readString(in);
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case BOOLEAN -> in.readBoolean();
            case DOUBLE -> in.readDouble();
            case FLOAT -> in.readFloat();
            case BYTES -> readBytes(in);
            case LIST -> {
                int n = readVarint(in);
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(readValue(in, depth + 1));
                }
                yield Collections.unmodifiableList(list);
            }
            case MAP -> readMapBody(in, depth + 1);
            case DECIMAL -> {
                int scale = in.readInt();
                yield new BigDecimal(new BigInteger(readBytes(in)), scale);
            }
            case TIMESTAMP -> new Date(in.readLong());
            default -> throw new IOException("unknown argument value tag " + tag);
        };
    }

    private static Map<String, Object> readMapBody(DataInput in, int depth) throws IOException {
        int n = readVarint(in);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = readString(in);
            map.put(key, readValue(in, depth));
        }
        return Collections.unmodifiableMap(map);
    }

    public static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarint(out, b.length);
        out.write(b);
    }

    public static String readString(DataInput in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInput in) throws IOException {
        int n = readVarint(in);
        if (n > (64 << 20)) {
            throw new IOException("value of " + n + " bytes (expected: <= 64 MiB)");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void writeVarint(DataOutput out, int v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("length: " + v + " (expected: >= 0)");
        }
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int readVarint(DataInput in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    throw new IOException("varint out of range");
                }
                return v;
            }
        }
        throw new IOException("varint longer than 5 bytes");
    }

    /** An unmodifiable shallow copy that keeps iteration order and allows null values. */
    static Map<String, Object> copyOf(Map<String, ?> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** A copy of {@code map} with keys sorted at every level, for an encoding that ignores insertion order. */
    static Map<String, Object> canonical(Map<String, ?> map) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            out.put(e.getKey(), canonicalValue(e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object canonicalValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return canonical((Map<String, ?>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ValueCodec::canonicalValue).toList();
        }
        return v;
    }

    /** Equality that compares {@code byte[]} by content, inside lists and maps too. */
    public static boolean deepEquals(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
