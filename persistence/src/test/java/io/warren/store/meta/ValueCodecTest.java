package io.warren.store.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.StoreIoException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
    static byte[] encode(Map<String, Object> m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ValueCodec.writeMap(out, m);
        }
        return bytes.toByteArray();
    }

    static Map<String, Object> decode(byte[] b) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        Map<String, Object> m = ValueCodec.readMap(in);
        assertEquals(0, in.available(), "everything consumed");
        return m;
    }

    @Test
    void everySupportedTypeRoundTripsWithItsJavaType() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("string", "héllo wörld ✓");
        m.put("empty", "");
        m.put("long", Long.MIN_VALUE);
        m.put("int", Integer.MAX_VALUE);
        m.put("short", (short) -7);
        m.put("byte", (byte) -128);
        m.put("true", true);
        m.put("false", false);
        m.put("double", -0.1);
        m.put("nan", Double.NaN);
        m.put("float", 1.5f);
        m.put("bytes", new byte[] {0, -1, 127});
        m.put("decimal", new BigDecimal("-12345.6789"));
        m.put("date", new Date(1_234_567_890_123L));
        m.put("null", null);
        m.put("list", Arrays.asList("a", null, 3, List.of(1L, 2L), new byte[] {9}));
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("deep", Map.of("deeper", List.of(Map.of("x", 1))));
        m.put("map", inner);
        m.put("big string", "x".repeat(100_000));
        Map<String, Object> back = decode(encode(m));
        assertTrue(ValueCodec.deepEquals(m, back), back.toString());
        assertEquals(new ArrayList<>(m.keySet()), new ArrayList<>(back.keySet()));
        for (String k : m.keySet()) {
            if (m.get(k) != null) {
                assertEquals(m.get(k).getClass().isArray(), back.get(k).getClass().isArray(), k);
                if (!(m.get(k) instanceof List) && !(m.get(k) instanceof Map)) {
                    assertEquals(m.get(k).getClass(), back.get(k).getClass(), "type of " + k);
                }
            }
        }
    }

    @Test
    void randomNestedValuesRoundTrip() throws IOException {
        Random rnd = new Random(42);
        for (int i = 0; i < 200; i++) {
            Map<String, Object> m = randomMap(rnd, 0);
            assertTrue(ValueCodec.deepEquals(m, decode(encode(m))), m.toString());
        }
    }

    private static Map<String, Object> randomMap(Random rnd, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = rnd.nextInt(depth > 3 ? 2 : 6);
        for (int i = 0; i < n; i++) {
            m.put("k" + rnd.nextInt(1000), randomValue(rnd, depth));
        }
        return m;
    }

    private static Object randomValue(Random rnd, int depth) {
        return switch (rnd.nextInt(depth > 3 ? 8 : 10)) {
            case 0 -> null;
            case 1 -> Long.toString(rnd.nextLong(), 36);
            case 2 -> rnd.nextLong();
            case 3 -> rnd.nextInt();
            case 4 -> rnd.nextBoolean();
            case 5 -> rnd.nextDouble();
            case 6 -> {
                byte[] b = new byte[rnd.nextInt(20)];
                rnd.nextBytes(b);
                yield b;
            }
            case 7 -> new BigDecimal(rnd.nextInt()).movePointLeft(rnd.nextInt(5));
            case 8 -> {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    l.add(randomValue(rnd, depth + 1));
                }
                yield l;
            }
            default -> randomMap(rnd, depth + 1);
        };
    }

    @Test
    void deepEqualsComparesByteArraysByContent() {
        assertTrue(ValueCodec.deepEquals(Map.of("a", new byte[] {1}), Map.of("a", new byte[] {1})));
        assertFalse(ValueCodec.deepEquals(Map.of("a", new byte[] {1}), Map.of("a", new byte[] {2})));
        assertFalse(ValueCodec.deepEquals(List.of(1), List.of(1L)), "Integer 1 is not Long 1");
    }

    @Test
    void unsupportedValuesAndKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> encode(Map.of("t", Thread.currentThread())));
        Map<Object, Object> badKey = Map.of(1, "x");
        @SuppressWarnings("unchecked")
        Map<String, Object> cast = (Map<String, Object>) (Map<?, ?>) Map.of("m", badKey);
        assertThrows(IllegalArgumentException.class, () -> encode(cast));
        Object deep = List.of();
        for (int i = 0; i < ValueCodec.MAX_DEPTH + 2; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        assertThrows(IllegalArgumentException.class, () -> encode(Map.of("d", tooDeep)));
    }

    @Test
    void damagedInputFailsCleanly() {
        assertThrows(IOException.class, () -> decode(new byte[] {1, 1, 'k', 99}));          // unknown tag 99
        assertThrows(IOException.class, () -> decode(new byte[] {1, 1, 'k', 1, (byte) 0x85}));  // truncated
        assertThrows(IOException.class, () -> decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, 1}));                                             // varint too long
    }

    @Test
    void definitionsCarryAFormatVersion() {
        byte[] b = DefinitionCodec.encode(VhostDef.named("/"));
        assertEquals(DefinitionCodec.FORMAT_VERSION, b[0]);
        assertEquals(DefinitionCodec.VHOST, b[1]);
        assertEquals(VhostDef.named("/"), DefinitionCodec.decodeVhost(b));
        b[0] = 2;
        StoreIoException e = assertThrows(StoreIoException.class, () -> DefinitionCodec.decodeVhost(b));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        byte[] user = DefinitionCodec.encode(new UserDef("u", "", "", List.of()));
        assertInstanceOf(StoreIoException.class,
                assertThrows(RuntimeException.class, () -> DefinitionCodec.decodeVhost(user)));
    }

    @Test
    void aPolicyRoundTripsWithNestedDefinitionValues() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("max-age", "7D");
        nested.put("segments", List.of(1, 2L, (short) 3, (byte) 4));
        nested.put("on", false);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("message-ttl", 60_000);
        definition.put("max-length-bytes", 20_000_000_000L);
        definition.put("ratio", 0.75);
        definition.put("lazy", true);
        definition.put("overflow", "reject-publish");
        definition.put("upstreams", List.of("a", Map.of("uri", "amqp://x", "prefetch", 100), List.of(true)));
        definition.put("stream", nested);
        definition.put("none", null);
        PolicyDef p = new PolicyDef("/prod", "orders ttl", "^orders\\.(eu|us)$", "queues", -42, definition);
        byte[] b = DefinitionCodec.encode(p);
        assertEquals(DefinitionCodec.FORMAT_VERSION, b[0]);
        assertEquals(8, b[1], "policy is kind 8");
        PolicyDef back = DefinitionCodec.decodePolicy(b);
        assertEquals(p, back);
        assertEquals(-42, back.priority());
        assertEquals(new ArrayList<>(definition.keySet()), new ArrayList<>(back.definition().keySet()));
        assertEquals(Integer.class, back.definition().get("message-ttl").getClass());
        assertEquals(Long.class, back.definition().get("max-length-bytes").getClass());
        Map<?, ?> stream = (Map<?, ?>) back.definition().get("stream");
        assertEquals(List.of(1, 2L, (short) 3, (byte) 4), stream.get("segments"), "number types kept when nested");
        assertTrue(back.definition().containsKey("none"));
        assertEquals(new PolicyDef("v", "n", "", "all", Integer.MAX_VALUE, Map.of()),
                DefinitionCodec.decodePolicy(DefinitionCodec.encode(
                        new PolicyDef("v", "n", "", "all", Integer.MAX_VALUE, null))), "null definition is empty");
        assertInstanceOf(StoreIoException.class,
                assertThrows(RuntimeException.class, () -> DefinitionCodec.decodeExchange(b)), "kind is checked");
        byte[] truncated = Arrays.copyOf(b, b.length - 1);
        assertInstanceOf(StoreIoException.class,
                assertThrows(RuntimeException.class, () -> DefinitionCodec.decodePolicy(truncated)));
    }

    @Test
    void aPolicyDefinitionIsCopiedAndUnmodifiable() {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("message-ttl", 1000);
        PolicyDef p = new PolicyDef("/", "p", ".*", "all", 0, definition);
        definition.put("max-length", 5);
        assertEquals(Map.of("message-ttl", 1000), p.definition());
        assertThrows(UnsupportedOperationException.class, () -> p.definition().put("x", 1));
        assertThrows(NullPointerException.class, () -> new PolicyDef("/", "p", null, "all", 0, Map.of()));
        assertThrows(NullPointerException.class, () -> new PolicyDef("/", "p", ".*", null, 0, Map.of()));
    }
}
