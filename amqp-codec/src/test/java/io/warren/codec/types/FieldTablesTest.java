package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpConstants;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.warren.codec.testing.Bytes.bytes;
import static io.warren.codec.testing.Bytes.compact;
import static io.warren.codec.testing.Bytes.heap;
import static io.warren.codec.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldTablesTest {

    /** Reads a table from hex that holds only the entries (the u32 length is added here). */
    private static FieldTable table(String entriesHex) {
        byte[] entries = bytes(entriesHex);
        ByteBuf in = Unpooled.buffer().writeInt(entries.length).writeBytes(entries);
        try {
            FieldTable t = FieldTable.read(in);
            assertFalse(in.isReadable(), "read consumes the whole table");
            return t;
        } finally {
            in.release();
        }
    }

    private static AmqpException readFails(String tableHex) {
        ByteBuf in = heap(tableHex);
        try {
            int before = in.readerIndex();
            AmqpException e = assertThrows(AmqpException.class, () -> FieldTable.read(in));
            assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
            assertEquals(before, in.readerIndex(), "reader index untouched on failure");
            return e;
        } finally {
            in.release();
        }
    }

    @Test
    void decodesEveryRabbitMqTypeLetter() {
        FieldTable t = table("""
                01 74 74 01
                01 62 62 ff
                01 42 42 ff
                01 73 73 8000
                01 75 75 ffff
                01 49 49 ffffffff
                01 69 69 ffffffff
                01 6c 6c 8000000000000000
                01 66 66 3fc00000
                01 64 64 3ff8000000000000
                01 44 44 02 000004d2
                01 53 53 00000002 6869
                01 78 78 00000002 0102
                01 41 41 00000008 49 00000001 56 74 01
                01 54 54 0000000065000000
                01 46 46 00000007 01 6b 49 00000002
                01 56 56
                """);
        assertEquals(List.of("t", "b", "B", "s", "u", "I", "i", "l", "f", "d", "D", "S", "x", "A", "T", "F", "V"),
                List.copyOf(t.asMap().keySet()), "wire order kept");
        assertEquals(Boolean.TRUE, t.get("t"));
        assertEquals(Byte.valueOf((byte) -1), t.get("b"));
        assertEquals(Short.valueOf((short) 255), t.get("B"));
        assertEquals(Short.valueOf(Short.MIN_VALUE), t.get("s"));
        assertEquals(Integer.valueOf(65535), t.get("u"));
        assertEquals(Integer.valueOf(-1), t.get("I"));
        assertEquals(Long.valueOf(4294967295L), t.get("i"));
        assertEquals(Long.valueOf(Long.MIN_VALUE), t.get("l"));
        assertEquals(Float.valueOf(1.5f), t.get("f"));
        assertEquals(Double.valueOf(1.5), t.get("d"));
        assertEquals(new BigDecimal("12.34"), t.get("D"));
        assertEquals("hi", t.get("S"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) t.get("x"));
        assertEquals(Arrays.asList(1, null, true), t.get("A"));
        assertEquals(Instant.ofEpochSecond(0x65000000L), t.get("T"));
        assertEquals(FieldTable.of(Map.of("k", 2)), t.get("F"));
        assertNull(t.get("V"));
        assertTrue(t.containsKey("V"));
        assertFalse(t.containsKey("missing"));
        assertEquals(17, t.size());
    }

    @Test
    void encodesEveryJavaTypeAndDecodesItBack() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("bool", true);
        in.put("byte", (byte) -7);
        in.put("short", (short) -300);
        in.put("int", Integer.MIN_VALUE);
        in.put("long", Long.MAX_VALUE);
        in.put("float", 2.5f);
        in.put("double", -0.125);
        in.put("decimal", new BigDecimal("-3.14"));
        in.put("string", "héllo");
        in.put("chars", new StringBuilder("sb"));
        in.put("bytes", new byte[] {9, 8, 7});
        in.put("list", List.of("a", 1L, List.of(false)));
        in.put("array", new Object[] {"x", (short) 2});
        in.put("time", Instant.ofEpochSecond(1_700_000_000L, 999_000_000));
        in.put("table", FieldTable.of(Map.of("n", 1)));
        in.put("map", Map.of("m", "v"));
        in.put("void", null);

        FieldTable t = FieldTable.of(in);
        Map<String, Object> out = t.asMap();
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.keySet()));
        assertEquals(true, out.get("bool"));
        assertEquals((byte) -7, out.get("byte"));
        assertEquals((short) -300, out.get("short"));
        assertEquals(Integer.MIN_VALUE, out.get("int"));
        assertEquals(Long.MAX_VALUE, out.get("long"));
        assertEquals(2.5f, out.get("float"));
        assertEquals(-0.125, out.get("double"));
        assertEquals(new BigDecimal("-3.14"), out.get("decimal"));
        assertEquals("héllo", out.get("string"));
        assertEquals("sb", out.get("chars"));
        assertArrayEquals(new byte[] {9, 8, 7}, (byte[]) out.get("bytes"));
        assertEquals(List.of("a", 1L, List.of(false)), out.get("list"));
        assertEquals(List.of("x", (short) 2), out.get("array"));
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), out.get("time"), "seconds only on the wire");
        assertEquals(FieldTable.of(Map.of("n", 1)), out.get("table"));
        assertEquals(FieldTable.of(Map.of("m", "v")), out.get("map"));
        assertNull(out.get("void"));

        ByteBuf buf = Unpooled.buffer();
        try {
            t.write(buf);
            assertEquals(t.encodedLength(), buf.readableBytes());
            assertEquals(t, FieldTable.read(buf), "write then read gives the same bytes");
        } finally {
            buf.release();
        }
    }

    @Test
    void goldenBytesForASmallTable() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("s", "v");
        FieldTable t = FieldTable.of(m);
        assertArrayEquals(bytes("01 61 49 00000001  01 73 53 00000001 76"), t.rawBytes());
        ByteBuf out = Unpooled.buffer();
        try {
            t.write(out);
            assertEquals(compact("0000000f 0161 49 00000001 0173 53 00000001 76"), hex(out));
        } finally {
            out.release();
        }
        assertEquals("{a=1, s=\"v\"}", t.toString());
    }

    @Test
    void nestedTablesAndArraysRoundTrip() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("list", List.of(Map.of("deep", List.of(1, 2)), "x"));
        inner.put("blob", new byte[] {(byte) 0xca, (byte) 0xfe});
        FieldTable t = FieldTable.of(Map.of("outer", inner));

        FieldTable outer = (FieldTable) t.get("outer");
        List<?> list = (List<?>) outer.get("list");
        FieldTable first = (FieldTable) list.get(0);
        assertEquals(List.of(1, 2), first.get("deep"));
        assertEquals("x", list.get(1));
        assertEquals("{outer={list=[{deep=[1, 2]}, \"x\"], blob=0xcafe}}", t.toString());
    }

    /** A table nested {@code levels} deep: level 1 holds key "a" with a table, ..., the last level is empty. */
    private static byte[] nested(int levels) {
        byte[] entries = new byte[0];
        for (int level = levels - 1; level >= 1; level--) {
            ByteBuf b = Unpooled.buffer();
            b.writeByte(1).writeByte('a').writeByte('F').writeInt(entries.length).writeBytes(entries);
            entries = new byte[b.readableBytes()];
            b.readBytes(entries);
            b.release();
        }
        return entries;
    }

    private static FieldTable readEntries(byte[] entries) {
        ByteBuf in = Unpooled.buffer().writeInt(entries.length).writeBytes(entries);
        try {
            return FieldTable.read(in);
        } finally {
            in.release();
        }
    }

    @Test
    void nestingIsLimitedTo32Levels() {
        int max = AmqpConstants.MAX_TABLE_DEPTH;
        FieldTable ok = readEntries(nested(max));
        assertEquals(FieldTable.class, ok.get("a").getClass());

        var e = assertThrows(AmqpException.class, () -> readEntries(nested(max + 1)));
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
        assertEquals("field table: nested deeper than 32 levels", e.getMessage());
    }

    @Test
    void encodingRefusesWhatDecodingWouldReject() {
        Map<String, Object> m = Map.of();
        for (int i = 1; i < AmqpConstants.MAX_TABLE_DEPTH; i++) {
            m = Map.of("a", m);
        }
        FieldTable deepest = FieldTable.of(m);               // 32 levels: fine
        Map<String, Object> tooDeep = Map.of("a", m);
        var e = assertThrows(IllegalArgumentException.class, () -> FieldTable.of(tooDeep));
        assertEquals("field table nested deeper than 32 levels", e.getMessage());
        var viaTable = assertThrows(IllegalArgumentException.class, () -> FieldTable.of(Map.of("x", deepest)));
        assertEquals("field table 'x': field table: nested deeper than 32 levels", viaTable.getMessage());
    }

    @Test
    void unknownTypeLetterIsASyntaxErrorNamingTheKey() {
        var e = readFails("00000004 01 6b 5a 00");
        assertEquals("field table: unknown field type 'Z' for key 'k'", e.getMessage());
        var inArray = readFails("0000000a 01 6b 41 00000003 49 0000");
        assertEquals("field table: truncated value of type 'I' for array element 0 (needs 4 bytes, 2 left)",
                inArray.getMessage());
        var control = readFails("00000003 01 6b 01");
        assertEquals("field table: unknown field type 0x01 for key 'k'", control.getMessage());
    }

    @Test
    void truncatedInputIsASyntaxError() {
        assertEquals("truncated field table: length 16, 3 bytes left", readFails("00000010 01 6b 49").getMessage());
        assertEquals("truncated field table: 2 bytes left for a 4-byte length", readFails("0000").getMessage());
        assertEquals("field table: truncated value of type 'I' for key 'k' (needs 4 bytes, 2 left)",
                readFails("00000005 01 6b 49 0000").getMessage());
        assertEquals("field table: truncated value of type 'S' for key 'k' (needs 100 bytes, 1 left)",
                readFails("00000008 01 6b 53 00000064 61").getMessage());
        assertEquals("field table: truncated entry (key of 5 bytes, 1 bytes left)",
                readFails("00000002 05 61").getMessage());
        assertEquals("field table: truncated entry (key of 1 bytes, 1 bytes left)",
                readFails("00000002 01 6b").getMessage());
        // A nested table whose length runs past the outer table's end.
        assertEquals("field table: truncated value of type 'F' for key 'k' (needs 9 bytes, 1 left)",
                readFails("00000008 01 6b 46 00000009 aaaa").getMessage());
    }

    @Test
    void timestampOutsideInstantRangeIsRejected() {
        var e = readFails("0000000b 01 6b 54 7fffffffffffffff");
        assertEquals("field table: timestamp 9223372036854775807 out of range for key 'k'", e.getMessage());
    }

    @Test
    void readValueAndReadArrayWorkOnSingleValues() {
        ByteBuf in = heap("53 00000002 6f6b  41 00000003 62 05 56");
        try {
            assertEquals("ok", FieldTables.readValue(in));
            assertEquals('A', in.readByte());
            assertEquals(Arrays.asList((byte) 5, null), FieldTables.readArray(in));
            assertFalse(in.isReadable());
        } finally {
            in.release();
        }
        ByteBuf bad = heap("49 00");
        try {
            assertThrows(AmqpException.class, () -> FieldTables.readValue(bad));
            assertEquals(0, bad.readerIndex());
        } finally {
            bad.release();
        }
        ByteBuf out = Unpooled.buffer();
        try {
            FieldTables.writeValue(out, 7L);
            FieldTables.writeArray(out, List.of(true));
            FieldTables.writeTable(out, Map.of("k", (byte) 1));
            assertEquals(compact("6c 0000000000000007  00000002 74 01  00000004 01 6b 62 01"), hex(out));
        } finally {
            out.release();
        }
    }

    @Test
    void unsupportedJavaTypeIsRejectedNamingKeyAndClass() {
        var e = assertThrows(IllegalArgumentException.class, () -> FieldTable.of(Map.of("when", new Date(0))));
        assertEquals("unsupported field value type for key 'when': java.util.Date", e.getMessage());
        var inList = assertThrows(IllegalArgumentException.class,
                () -> FieldTable.of(Map.of("l", List.of(new Object()))));
        assertEquals("unsupported field value type for key 'l': java.lang.Object", inList.getMessage());
        var key = assertThrows(IllegalArgumentException.class, () -> FieldTable.of(Map.of("k".repeat(256), 1)));
        assertEquals("field table key too long: 256 bytes (expected: <= 255)", key.getMessage());
    }

    @Test
    void decimalsMustFitScaleOctetAndInt32() {
        FieldTable t = FieldTable.of(Map.of("d", new BigDecimal("1E+3")));
        assertArrayEquals(bytes("01 64 44 00 000003e8"), t.rawBytes(), "negative scale normalised to 0");
        var big = assertThrows(IllegalArgumentException.class,
                () -> FieldTable.of(Map.of("d", new BigDecimal("12345678901"))));
        assertEquals("decimal value for key 'd' does not fit an AMQP decimal: 12345678901 "
                + "(expected: scale 0..255 and a 32-bit unscaled value)", big.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FieldTable.of(Map.of("d", BigDecimal.valueOf(1, 256))));
    }

    @Test
    void valueSemanticsCachingAndImmutability() {
        FieldTable a = table("01 6b 49 00000001");
        FieldTable b = FieldTable.of(Map.of("k", 1));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(FieldTable.of(Map.of("k", 2))));
        assertSame(a.asMap(), a.asMap(), "parsed once, then cached");
        assertThrows(UnsupportedOperationException.class, () -> a.asMap().put("x", 1));

        byte[] raw = a.rawBytes();
        raw[0] = 9;
        assertArrayEquals(bytes("01 6b 49 00000001"), a.rawBytes(), "rawBytes returns a copy");

        assertTrue(FieldTable.EMPTY.isEmpty());
        assertEquals(0, FieldTable.EMPTY.size());
        assertSame(FieldTable.EMPTY, FieldTable.of(Map.of()));
        assertSame(FieldTable.EMPTY, table(""));
        assertEquals("{}", FieldTable.EMPTY.toString());
    }
}
