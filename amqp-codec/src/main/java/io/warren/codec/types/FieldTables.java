package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpConstants;
import io.warren.codec.AmqpException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field values, arrays and tables with RabbitMQ's type letters (the 0-9-1 errata that RabbitMQ, the Java
 * client and LavinMQ all use, not the letters of the 0-9-1 PDF).
 *
 * <table>
 * <caption>Type letters and their Java types</caption>
 * <tr><th>letter</th><th>wire</th><th>decoded as</th><th>encoded from</th></tr>
 * <tr><td>t</td><td>octet 0/1</td><td>Boolean</td><td>Boolean</td></tr>
 * <tr><td>b</td><td>signed 8</td><td>Byte</td><td>Byte</td></tr>
 * <tr><td>B</td><td>unsigned 8</td><td>Short</td><td>never produced</td></tr>
 * <tr><td>s</td><td>signed 16</td><td>Short</td><td>Short</td></tr>
 * <tr><td>u</td><td>unsigned 16</td><td>Integer</td><td>never produced</td></tr>
 * <tr><td>I</td><td>signed 32</td><td>Integer</td><td>Integer</td></tr>
 * <tr><td>i</td><td>unsigned 32</td><td>Long</td><td>never produced</td></tr>
 * <tr><td>l</td><td>signed 64</td><td>Long</td><td>Long</td></tr>
 * <tr><td>f / d</td><td>IEEE 754</td><td>Float / Double</td><td>Float / Double</td></tr>
 * <tr><td>D</td><td>scale octet + signed 32 unscaled</td><td>BigDecimal</td><td>BigDecimal that fits</td></tr>
 * <tr><td>S</td><td>longstr (UTF-8)</td><td>String</td><td>String, CharSequence</td></tr>
 * <tr><td>x</td><td>u32 length + bytes</td><td>byte[]</td><td>byte[]</td></tr>
 * <tr><td>A</td><td>u32 length + values</td><td>unmodifiable List</td><td>List, Object[]</td></tr>
 * <tr><td>T</td><td>u64 seconds</td><td>Instant</td><td>Instant (sub-second part dropped)</td></tr>
 * <tr><td>F</td><td>u32 length + entries</td><td>FieldTable</td><td>FieldTable, Map</td></tr>
 * <tr><td>V</td><td>nothing</td><td>null</td><td>null</td></tr>
 * </table>
 *
 * <p>Decoding validates before it allocates: {@link #readValue}, {@link #readArray} and {@link FieldTable#read}
 * first walk the bytes without creating objects, rejecting an unknown letter, a value that runs past its
 * enclosing table or array, a timestamp outside {@link Instant}'s range, or nesting deeper than
 * {@link AmqpConstants#MAX_TABLE_DEPTH} (tables and arrays both count as a level; the outermost table is level
 * 1) with {@link AmqpException} SYNTAX_ERROR. Encoding rejects unsupported Java types, keys longer than 255
 * bytes, decimals that do not fit and too deep nesting with {@link IllegalArgumentException}, so we never write
 * what we would refuse to read.
 *
 * <p>Stateless. Buffers are read from their reader index and written at their writer index; none is retained or
 * released.
 */
public final class FieldTables {
    private static final int NO_KEY = -1;

    /**
     * Reads one type letter and its value.
     *
     * @throws AmqpException SYNTAX_ERROR on malformed input; the reader index is then unchanged
     */
    public static Object readValue(ByteBuf in) {
        skipValue(in, in.readerIndex(), in.writerIndex(), 1, NO_KEY, 0);
        return readTrusted(in);
    }

    /**
     * Reads an array: a u32 byte length followed by values, as found after an {@code A} letter.
     *
     * @throws AmqpException SYNTAX_ERROR on malformed input; the reader index is then unchanged
     */
    public static List<Object> readArray(ByteBuf in) {
        int start = in.readerIndex();
        int end = checkLength(in, start, in.writerIndex(), 'A', NO_KEY, 0);
        validateArray(in, start + 4, end, 1);
        in.skipBytes(4);
        return readArrayTrusted(in, end);
    }

    /** Writes a type letter and {@code value}, choosing the letter from the value's Java type (see the table). */
    public static void writeValue(ByteBuf out, Object value) {
        writeValue(out, "<value>", value, 1);
    }

    /** Writes an array (u32 byte length + values), as expected after an {@code A} letter. */
    public static void writeArray(ByteBuf out, List<?> values) {
        writeArray(out, "<array>", values, 1);
    }

    /** Writes a table (u32 byte length + entries in the map's iteration order). */
    public static void writeTable(ByteBuf out, Map<String, ?> table) {
        writeTable(out, table, 1);
    }

    // ---------------------------------------------------------------- validation (absolute indices, no allocation)

    /** Validates the entries of a table occupying {@code [pos, end)} at nesting level {@code depth}. */
    static void validateTable(ByteBuf b, int pos, int end, int depth) {
        checkDepth(depth);
        while (pos < end) {
            int keyPos = pos;
            int keyEnd = pos + 1 + b.getUnsignedByte(pos);
            if (keyEnd >= end) {
                throw AmqpException.syntaxError("field table: truncated entry (key of %d bytes, %d bytes left)",
                        keyEnd - pos - 1, end - pos - 1);
            }
            pos = skipValue(b, keyEnd, end, depth, keyPos, 0);
        }
    }

    private static void validateArray(ByteBuf b, int pos, int end, int depth) {
        checkDepth(depth);
        for (int i = 0; pos < end; i++) {
            pos = skipValue(b, pos, end, depth, NO_KEY, i);
        }
    }

    private static void checkDepth(int depth) {
        if (depth > AmqpConstants.MAX_TABLE_DEPTH) {
            throw AmqpException.syntaxError("field table: nested deeper than %d levels",
                    AmqpConstants.MAX_TABLE_DEPTH);
        }
    }

    /**
     * Checks the value (type letter included) at {@code pos}, which must end at or before {@code end}; returns
     * the index just after it. {@code depth} is the level of the enclosing table or array.
     */
    private static int skipValue(ByteBuf b, int pos, int end, int depth, int keyPos, int element) {
        if (pos >= end) {
            throw AmqpException.syntaxError("field table: missing type letter for %s", where(b, keyPos, element));
        }
        int type = b.getUnsignedByte(pos);
        int valuePos = pos + 1;
        int size = switch (type) {
            case 't', 'b', 'B' -> 1;
            case 's', 'u' -> 2;
            case 'I', 'i', 'f' -> 4;
            case 'D' -> 5;
            case 'l', 'd', 'T' -> 8;
            case 'V' -> 0;
            case 'S', 'x', 'A', 'F' -> -1;
            default -> throw AmqpException.syntaxError("field table: unknown field type %s for %s",
                    letter(type), where(b, keyPos, element));
        };
        if (size >= 0) {
            if (end - valuePos < size) {
                throw truncated(b, type, size, end - valuePos, keyPos, element);
            }
            if (type == 'T') {
                checkTimestamp(b.getLong(valuePos), b, keyPos, element);
            }
            return valuePos + size;
        }
        int valueEnd = checkLength(b, valuePos, end, type, keyPos, element);
        if (type == 'F') {
            validateTable(b, valuePos + 4, valueEnd, depth + 1);
        } else if (type == 'A') {
            validateArray(b, valuePos + 4, valueEnd, depth + 1);
        }
        return valueEnd;
    }

    /** Checks a u32-length-prefixed value at {@code pos} against {@code end}; returns the index after it. */
    private static int checkLength(ByteBuf b, int pos, int end, int type, int keyPos, int element) {
        if (end - pos < 4) {
            throw truncated(b, type, 4, end - pos, keyPos, element);
        }
        long length = b.getUnsignedInt(pos);
        if (length > end - pos - 4) {
            throw truncated(b, type, length, end - pos - 4, keyPos, element);
        }
        return pos + 4 + (int) length;
    }

    private static void checkTimestamp(long seconds, ByteBuf b, int keyPos, int element) {
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw AmqpException.syntaxError("field table: timestamp %s out of range for %s",
                    Long.toUnsignedString(seconds), where(b, keyPos, element));
        }
    }

    private static AmqpException truncated(ByteBuf b, int type, long needed, int left, int keyPos, int element) {
        return AmqpException.syntaxError("field table: truncated value of type %s for %s (needs %d bytes, %d left)",
                letter(type), where(b, keyPos, element), needed, left);
    }

    private static String letter(int type) {
        return type > 0x20 && type < 0x7f ? "'" + (char) type + "'" : String.format("0x%02x", type);
    }

    /** Describes an entry for an error message; decodes the key only now, on the error path. */
    private static String where(ByteBuf b, int keyPos, int element) {
        if (keyPos == NO_KEY) {
            return "array element " + element;
        }
        return "key '" + b.toString(keyPos + 1, b.getUnsignedByte(keyPos), StandardCharsets.UTF_8) + "'";
    }

    // ---------------------------------------------------------------- decoding of validated bytes

    /** Parses validated table entries (no length prefix) into an insertion-ordered map. */
    static Map<String, Object> parseEntries(byte[] raw) {
        Map<String, Object> map = new LinkedHashMap<>();
        ByteBuf in = Unpooled.wrappedBuffer(raw);     // heap wrapper: not pooled, not leak-tracked
        while (in.isReadable()) {
            String key = ShortStrings.read(in);
            map.put(key, readTrusted(in));
        }
        return map;
    }

    private static Object readTrusted(ByteBuf in) {
        int type = in.readUnsignedByte();
        return switch (type) {
            case 't' -> Boolean.valueOf(in.readByte() != 0);
            case 'b' -> Byte.valueOf(in.readByte());
            case 'B' -> Short.valueOf(in.readUnsignedByte());
            case 's' -> Short.valueOf(in.readShort());
            case 'u' -> Integer.valueOf(in.readUnsignedShort());
            case 'I' -> Integer.valueOf(in.readInt());
            case 'i' -> Long.valueOf(in.readUnsignedInt());
            case 'l' -> Long.valueOf(in.readLong());
            case 'f' -> Float.valueOf(in.readFloat());
            case 'd' -> Double.valueOf(in.readDouble());
            case 'D' -> readDecimal(in);
            case 'S' -> LongStrings.read(in);
            case 'x' -> readBytes(in);
            case 'A' -> readArrayTrusted(in, in.readerIndex() + 4 + (int) in.readUnsignedInt());
            case 'T' -> Instant.ofEpochSecond(in.readLong());
            case 'F' -> new FieldTable(readBytes(in));
            case 'V' -> null;
            default -> throw AmqpException.syntaxError("field table: unknown field type %s", letter(type));
        };
    }

    private static BigDecimal readDecimal(ByteBuf in) {
        int scale = in.readUnsignedByte();
        return BigDecimal.valueOf(in.readInt(), scale);
    }

    private static byte[] readBytes(ByteBuf in) {
        byte[] bytes = new byte[(int) in.readUnsignedInt()];
        in.readBytes(bytes);
        return bytes;
    }

    private static List<Object> readArrayTrusted(ByteBuf in, int end) {
        List<Object> values = new ArrayList<>();
        while (in.readerIndex() < end) {
            values.add(readTrusted(in));
        }
        return Collections.unmodifiableList(values);
    }

    // ---------------------------------------------------------------- encoding

    /** Writes a table at nesting level {@code depth}: u32 length (patched afterwards) + entries. */
    static void writeTable(ByteBuf out, Map<?, ?> table, int depth) {
        if (depth > AmqpConstants.MAX_TABLE_DEPTH) {
            throw new IllegalArgumentException("field table nested deeper than " + AmqpConstants.MAX_TABLE_DEPTH
                    + " levels");
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<?, ?> e : table.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("field table key must be a String: " + e.getKey());
            }
            int keyLength = ByteBufUtil.utf8Bytes(key);
            if (keyLength > ShortStrings.MAX_LENGTH) {
                throw new IllegalArgumentException("field table key too long: " + keyLength
                        + " bytes (expected: <= 255)");
            }
            ShortStrings.write(out, key);
            writeValue(out, key, e.getValue(), depth);
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    private static void writeArray(ByteBuf out, String key, List<?> values, int depth) {
        if (depth > AmqpConstants.MAX_TABLE_DEPTH) {
            throw new IllegalArgumentException("field array '" + key + "' nested deeper than "
                    + AmqpConstants.MAX_TABLE_DEPTH + " levels");
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Object v : values) {
            writeValue(out, key, v, depth);
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    /** Writes letter + value; {@code depth} is the level of the enclosing table or array. */
    private static void writeValue(ByteBuf out, String key, Object v, int depth) {
        if (v == null) {
            out.writeByte('V');
        } else if (v instanceof String s) {
            out.writeByte('S');
            LongStrings.write(out, s);
        } else if (v instanceof Boolean b) {
            out.writeByte('t').writeByte(b ? 1 : 0);
        } else if (v instanceof Integer i) {
            out.writeByte('I').writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte('l').writeLong(l);
        } else if (v instanceof Byte b) {
            out.writeByte('b').writeByte(b);
        } else if (v instanceof Short s) {
            out.writeByte('s').writeShort(s);
        } else if (v instanceof Float f) {
            out.writeByte('f').writeFloat(f);
        } else if (v instanceof Double d) {
            out.writeByte('d').writeDouble(d);
        } else if (v instanceof BigDecimal d) {
            writeDecimal(out, key, d);
        } else if (v instanceof CharSequence cs) {
            out.writeByte('S');
            LongStrings.write(out, cs.toString());
        } else if (v instanceof byte[] bytes) {
            out.writeByte('x').writeInt(bytes.length).writeBytes(bytes);
        } else if (v instanceof List<?> list) {
            out.writeByte('A');
            writeArray(out, key, list, depth + 1);
        } else if (v instanceof Object[] array) {
            out.writeByte('A');
            writeArray(out, key, Arrays.asList(array), depth + 1);
        } else if (v instanceof Instant t) {
            out.writeByte('T').writeLong(t.getEpochSecond());
        } else if (v instanceof FieldTable t) {
            writeNestedTable(out, key, t, depth + 1);
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte('F');
            writeTable(out, m, depth + 1);
        } else {
            throw new IllegalArgumentException("unsupported field value type for key '" + key + "': "
                    + v.getClass().getName());
        }
    }

    private static void writeNestedTable(ByteBuf out, String key, FieldTable t, int depth) {
        if (!t.isEmpty()) {
            // The table's own nesting adds to ours: check the total so we never write what readers reject.
            try {
                validateTable(Unpooled.wrappedBuffer(t.rawBytesUnsafe()), 0, t.rawLength(), depth);
            } catch (AmqpException e) {
                throw new IllegalArgumentException("field table '" + key + "': " + e.getMessage(), e);
            }
        }
        out.writeByte('F');
        t.write(out);
    }

    private static void writeDecimal(ByteBuf out, String key, BigDecimal d) {
        BigDecimal v = d.scale() < 0 ? d.setScale(0) : d;     // 1E+3 -> 1000: exact
        if (v.scale() > 255 || v.unscaledValue().bitLength() > 31) {
            throw new IllegalArgumentException("decimal value for key '" + key + "' does not fit an AMQP decimal: "
                    + d + " (expected: scale 0..255 and a 32-bit unscaled value)");
        }
        out.writeByte('D').writeByte(v.scale()).writeInt(v.unscaledValue().intValue());
    }

    private FieldTables() {
    }
}
