package io.warren.codec.method;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpConstants;
import io.warren.codec.ReplyCode;
import io.warren.codec.testing.MiniJson;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.FieldTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks the method records, reply codes and frame constants against RabbitMQ's AMQP 0-9-1 specification JSON,
 * read from the shared checkout ({@code ../../shared/spec/} or {@code ../shared/spec/} from the module directory);
 * skipped when the file is not there. The spec is MIT-style licensed and is not copied into the project.
 */
class SpecConformanceTest {
    private static final String FILE = "amqp-rabbitmq-0.9.1.json";
    private static final Set<String> BASE_TYPES =
            Set.of("bit", "octet", "short", "long", "longlong", "shortstr", "longstr", "table", "timestamp");

    /**
     * The one naming exception: the close methods' {@code class-id}/{@code method-id} arguments (the failing
     * method) would have accessors clashing with {@link Method#classId()}/{@link Method#methodId()}.
     */
    private static final Map<String, String> RENAMED =
            Map.of("class-id", "failingClassId", "method-id", "failingMethodId");

    private static Map<String, Object> spec;
    private static final Map<String, String> domains = new HashMap<>();
    private static final Map<Integer, Class<? extends Method>> records = new HashMap<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void loadSpec() throws IOException {
        List<Path> candidates = List.of(Path.of("..", "..", "shared", "spec", FILE),
                Path.of("..", "shared", "spec", FILE));
        Path found = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(found != null, "AMQP spec JSON not found at " + candidates.stream()
                .map(p -> p.toAbsolutePath().normalize().toString()).toList() + "; skipping the conformance test");
        spec = (Map<String, Object>) MiniJson.parse(Files.readString(found, StandardCharsets.UTF_8));
        for (Object d : list(spec, "domains")) {
            List<Object> pair = (List<Object>) d;
            domains.put((String) pair.get(0), (String) pair.get(1));
        }
        for (Class<? extends Method> type : MethodCodec.methodClasses()) {
            Method m = MethodSamples.sample(type, 0, 0);
            Class<? extends Method> previous = records.put(m.key(), type);
            assertTrue(previous == null, "two records for key " + m.classId() + "." + m.methodId());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> obj, String key) {
        Object v = obj.get(key);
        return v == null ? List.of() : (List<Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static Stream<Map<String, Object>> maps(Map<String, Object> obj, String key) {
        return list(obj, key).stream().map(o -> (Map<String, Object>) o);
    }

    private static int intOf(Map<String, Object> obj, String key) {
        return ((Number) obj.get(key)).intValue();
    }

    /** The record component name for a spec argument: {@code auto-delete} -> {@code autoDelete}. */
    private static String componentName(String kebab) {
        return RENAMED.getOrDefault(kebab, camel(kebab));
    }

    /** {@code auto-delete} -> {@code autoDelete}. */
    static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** The wire type of an argument or property, following "domain" through the domains list. */
    private static String wireType(Map<String, Object> arg) {
        String t = (String) (arg.containsKey("type") ? arg.get("type") : arg.get("domain"));
        for (int hops = 0; !BASE_TYPES.contains(t); hops++) {
            assertTrue(hops < 10 && domains.containsKey(t), "unresolvable domain " + t);
            t = domains.get(t);
        }
        return t;
    }

    private static Class<?> javaType(String wireType) {
        return switch (wireType) {
            case "bit" -> boolean.class;
            case "octet", "short", "long" -> int.class;
            case "longlong", "timestamp" -> long.class;
            case "shortstr", "longstr" -> String.class;
            case "table" -> FieldTable.class;
            default -> throw new AssertionError(wireType);
        };
    }

    private static Class<?> propertyType(String wireType) {
        return switch (wireType) {
            case "octet" -> Integer.class;
            case "timestamp" -> Long.class;
            case "shortstr" -> String.class;
            case "table" -> FieldTable.class;
            default -> throw new AssertionError(wireType);
        };
    }

    private static String describe(RecordComponent[] components) {
        return Arrays.stream(components).map(c -> c.getType().getSimpleName() + " " + c.getName()).toList().toString();
    }

    @Test
    void everySpecMethodHasAMatchingRecordAndNoRecordIsExtra() {
        List<String> problems = new ArrayList<>();
        Set<Integer> specKeys = new HashSet<>();
        maps(spec, "classes").forEach(cls -> maps(cls, "methods").forEach(m -> {
            String name = cls.get("name") + "." + m.get("name");
            int key = (intOf(cls, "id") << 16) | intOf(m, "id");
            specKeys.add(key);
            Class<? extends Method> type = records.get(key);
            if (type == null) {
                problems.add(name + ": no record with class id " + cls.get("id") + " and method id " + m.get("id"));
                return;
            }
            Method sample = MethodSamples.sample(type, 0, 0);
            if (!name.equals(sample.name())) {
                problems.add(name + ": record " + type.getName() + " calls itself " + sample.name());
            }
            List<String> expected = maps(m, "arguments")
                    .map(a -> javaType(wireType(a)).getSimpleName() + " " + componentName((String) a.get("name")))
                    .toList();
            String actual = describe(type.getRecordComponents());
            if (!expected.toString().equals(actual)) {
                problems.add(name + ": components " + actual + ", spec says " + expected);
            }
            boolean content = Boolean.TRUE.equals(m.get("content"));
            if (content != sample.hasContent()) {
                problems.add(name + ": hasContent() is " + sample.hasContent() + ", spec says " + content);
            }
        }));
        records.forEach((key, type) -> {
            if (!specKeys.contains(key)) {
                problems.add(type.getName() + ": not in the spec");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertEquals(specKeys.size(), MethodCodec.methodClasses().size());
    }

    /** The bytes the spec prescribes for {@code m}: arguments in order, runs of bits packed low bit first. */
    private static byte[] specEncode(Map<String, Object> specMethod, Method m) throws ReflectiveOperationException {
        ByteBuf b = Unpooled.buffer();
        try {
            b.writeShort(m.classId()).writeShort(m.methodId());
            RecordComponent[] components = m.getClass().getRecordComponents();
            List<Map<String, Object>> args = maps(specMethod, "arguments").toList();
            int bitIndex = -1;
            int bitCount = 0;
            for (int i = 0; i < args.size(); i++) {
                String t = wireType(args.get(i));
                Object v = components[i].getAccessor().invoke(m);
                if (!t.equals("bit")) {
                    bitCount = 0;
                }
                switch (t) {
                    case "bit" -> {
                        if (bitCount % 8 == 0) {          // 0-9-1 §4.2.5.2: a new octet per 8 contiguous bits
                            bitIndex = b.writerIndex();
                            b.writeByte(0);
                        }
                        if ((Boolean) v) {
                            b.setByte(bitIndex, b.getByte(bitIndex) | (1 << (bitCount % 8)));
                        }
                        bitCount++;
                    }
                    case "octet" -> b.writeByte((Integer) v);
                    case "short" -> b.writeShort((Integer) v);
                    case "long" -> b.writeInt((Integer) v);
                    case "longlong", "timestamp" -> b.writeLong((Long) v);
                    case "shortstr" -> {
                        byte[] s = ((String) v).getBytes(StandardCharsets.UTF_8);
                        b.writeByte(s.length).writeBytes(s);
                    }
                    case "longstr" -> {
                        byte[] s = ((String) v).getBytes(StandardCharsets.UTF_8);
                        b.writeInt(s.length).writeBytes(s);
                    }
                    case "table" -> ((FieldTable) v).write(b);
                    default -> throw new AssertionError(t);
                }
            }
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    /** Extreme values per spec type: the largest unsigned value of each width, a 255-byte shortstr, ... */
    private static Method extreme(Class<? extends Method> type, Map<String, Object> specMethod, long bits) {
        List<Map<String, Object>> args = maps(specMethod, "arguments").toList();
        return MethodSamples.build(type, bits, (c, i) -> switch (wireType(args.get(i))) {
            case "octet" -> 0xFF;
            case "short" -> 0xFFFF;
            case "long" -> 0xFFFF_FFFF;                       // u32 max, carried in an int
            case "longlong", "timestamp" -> -1L;             // u64 max, carried in a long
            case "shortstr" -> "é".repeat(127) + "x";         // exactly 255 bytes of UTF-8
            case "longstr" -> "ü".repeat(40_000);
            case "table" -> FieldTable.of(Map.of("k", "v", "n", List.of(1, 2)));
            default -> throw new AssertionError(c);
        });
    }

    @Test
    void wireLayoutFollowsTheSpecArgumentTypes() throws ReflectiveOperationException {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> cls : maps(spec, "classes").toList()) {
            for (Map<String, Object> m : maps(cls, "methods").toList()) {
                int key = (intOf(cls, "id") << 16) | intOf(m, "id");
                Class<? extends Method> type = records.get(key);
                assertNotNull(type, "covered by everySpecMethodHasAMatchingRecordAndNoRecordIsExtra");
                for (long bits : MethodSamples.bitPatterns(MethodSamples.booleanCount(type))) {
                    Method sample = extreme(type, m, bits);
                    byte[] expected = specEncode(m, sample);
                    ByteBuf actual = Unpooled.buffer();
                    try {
                        MethodCodec.encode(sample, actual);
                        byte[] actualBytes = ByteBufUtil.getBytes(actual);
                        if (!Arrays.equals(expected, actualBytes)) {
                            problems.add(sample.name() + " bits " + Long.toBinaryString(bits) + ": encoded "
                                    + abbreviate(actualBytes) + ", spec layout " + abbreviate(expected));
                            continue;
                        }
                        Method back = MethodCodec.decode(Unpooled.wrappedBuffer(expected), expected.length);
                        if (!sample.equals(back)) {
                            problems.add(sample.name() + ": decoding the spec layout gave " + abbreviate(back));
                        }
                    } finally {
                        actual.release();
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static String abbreviate(Object o) {
        String s = o instanceof byte[] b ? ByteBufUtil.hexDump(b) : String.valueOf(o);
        return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
    }

    @Test
    void basicPropertiesMatchTheSpecPropertyList() {
        Map<String, Object> basic = maps(spec, "classes").filter(c -> "basic".equals(c.get("name")))
                .findFirst().orElseThrow();
        List<String> expected = maps(basic, "properties")
                .map(p -> propertyType(wireType(p)).getSimpleName() + " " + camel((String) p.get("name"))).toList();
        assertEquals(expected.toString(), describe(BasicProperties.class.getRecordComponents()));
    }

    @Test
    void replyCodesAndTheirClassificationMatchTheSpec() {
        List<String> problems = new ArrayList<>();
        Set<ReplyCode> seen = new HashSet<>();
        maps(spec, "constants").forEach(c -> {
            String name = ((String) c.get("name")).replace('-', '_');
            Object cls = c.get("class");
            if (cls == null && !name.equals("REPLY_SUCCESS")) {
                return;                                        // a frame constant, checked below
            }
            ReplyCode code = ReplyCode.of(intOf(c, "value"));
            if (code == null) {
                problems.add(name + " (" + c.get("value") + "): no ReplyCode");
                return;
            }
            seen.add(code);
            if (!code.name().equals(name)) {
                problems.add(c.get("value") + ": named " + code.name() + ", spec says " + name);
            }
            if (code.isHardError() != "hard-error".equals(cls)) {
                problems.add(name + ": isHardError() " + code.isHardError() + ", spec class " + cls);
            }
        });
        for (ReplyCode code : ReplyCode.values()) {
            if (!seen.contains(code)) {
                problems.add(code + ": not a reply code of the spec");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void frameConstantsAndProtocolHeaderMatchTheSpec() {
        Map<String, Integer> constants = new HashMap<>();
        maps(spec, "constants").forEach(c -> constants.put((String) c.get("name"), intOf(c, "value")));
        assertEquals(constants.get("FRAME-METHOD"), AmqpConstants.FRAME_METHOD);
        assertEquals(constants.get("FRAME-HEADER"), AmqpConstants.FRAME_HEADER);
        assertEquals(constants.get("FRAME-BODY"), AmqpConstants.FRAME_BODY);
        assertEquals(constants.get("FRAME-HEARTBEAT"), AmqpConstants.FRAME_HEARTBEAT);
        assertEquals(constants.get("FRAME-MIN-SIZE"), AmqpConstants.FRAME_MIN_SIZE);
        assertEquals(constants.get("FRAME-END"), AmqpConstants.FRAME_END);

        byte[] header = AmqpConstants.protocolHeader();
        assertEquals(spec.get("name"), new String(header, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(List.of(0, intOf(spec, "major-version"), intOf(spec, "minor-version"), intOf(spec, "revision")),
                List.of((int) header[4], (int) header[5], (int) header[6], (int) header[7]));
    }
}
