package io.warren.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersRouterTest {
    private final HeadersRouter<String> router = new HeadersRouter<>();

    /** Builds an ordered map that may hold null (void) values, unlike Map.of. */
    static Map<String, Object> table(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private Set<String> route(HeaderView headers) {
        var out = new HashSet<String>();
        router.route("ignored", headers, out);
        return out;
    }

    private boolean routes(Map<String, Object> bindingArgs, Map<String, Object> headers) {
        router.bind("q", "", bindingArgs);
        return route(HeaderView.of(headers)).contains("q");
    }

    static Stream<Arguments> matchModes() {
        return Stream.of(
            Arguments.of("all: every pair present", table("x-match", "all", "a", 1, "b", "x"),
                table("a", 1, "b", "x"), true),
            Arguments.of("all: extra headers are fine", table("x-match", "all", "a", 1, "b", "x"),
                table("a", 1, "b", "x", "c", 3), true),
            Arguments.of("all: one pair missing", table("x-match", "all", "a", 1, "b", "x"),
                table("a", 1), false),
            Arguments.of("all: one value differs", table("x-match", "all", "a", 1, "b", "x"),
                table("a", 1, "b", "y"), false),
            Arguments.of("absent x-match means all", table("a", 1, "b", "x"), table("a", 1), false),
            Arguments.of("absent x-match, all present", table("a", 1, "b", "x"), table("b", "x", "a", 1), true),
            Arguments.of("any: one pair is enough", table("x-match", "any", "a", 1, "b", "x"),
                table("b", "x"), true),
            Arguments.of("any: no pair matches", table("x-match", "any", "a", 1, "b", "x"),
                table("a", 2, "c", "x"), false),
            Arguments.of("all without conditions matches anything", table("x-match", "all"),
                table("z", 1), true),
            Arguments.of("all without conditions matches no headers", table(), table(), true),
            Arguments.of("any without conditions matches nothing", table("x-match", "any"),
                table("z", 1), false),
            Arguments.of("all ignores x- arguments", table("x-match", "all", "x-foo", 1, "a", 1),
                table("a", 1), true),
            Arguments.of("any ignores x- arguments", table("x-match", "any", "x-foo", 1),
                table("x-foo", 1), false),
            Arguments.of("all-with-x requires x- arguments", table("x-match", "all-with-x", "x-foo", 1, "a", 1),
                table("a", 1), false),
            Arguments.of("all-with-x matches x- headers", table("x-match", "all-with-x", "x-foo", 1, "a", 1),
                table("a", 1, "x-foo", 1), true),
            Arguments.of("any-with-x matches on an x- header", table("x-match", "any-with-x", "x-foo", 1, "a", 1),
                table("x-foo", 1), true),
            Arguments.of("any-with-x without a hit", table("x-match", "any-with-x", "x-foo", 1),
                table("x-foo", 2), false),
            Arguments.of("x-match itself is never a condition", table("x-match", "all-with-x", "a", 1),
                table("a", 1), true),
            Arguments.of("void binding value: key present", table("a", null), table("a", "anything"), true),
            Arguments.of("void binding value: header void too", table("a", null), table("a", null), true),
            Arguments.of("void binding value: key absent", table("a", null), table("b", 1), false),
            Arguments.of("any with void and a miss", table("x-match", "any", "a", null, "b", 2),
                table("a", "x", "b", 3), true),
            Arguments.of("void header does not equal a value", table("a", 1), table("a", null), false),
            Arguments.of("all with conditions, no headers", table("a", 1), table(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matchModes")
    void matchModesFollowRabbitMq(String name, Map<String, Object> args, Map<String, Object> headers,
                                  boolean expected) {
        assertEquals(expected, routes(args, headers));
    }

    static Stream<Arguments> typedValues() {
        byte[] bytes = "v".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
            Arguments.of("int vs long", 1, 1L, true),
            Arguments.of("byte vs long", (byte) 7, 7L, true),
            Arguments.of("short vs int, different value", (short) 7, 8, false),
            Arguments.of("long vs double with the same value", 1L, 1.0d, true),
            Arguments.of("long vs double with another value", 1L, 1.5d, false),
            Arguments.of("float vs double, exact", 0.5f, 0.5d, true),
            Arguments.of("float vs double, widened 0.1", 0.1f, 0.1d, false),
            Arguments.of("int vs numeric string", 1, "1", false),
            Arguments.of("string vs string", "v", "v", true),
            Arguments.of("string is case-sensitive", "v", "V", false),
            Arguments.of("string vs bytes (both binaries)", "v", bytes, true),
            Arguments.of("bytes vs string", bytes, "v", true),
            Arguments.of("bytes vs equal bytes", bytes, new byte[] {'v'}, true),
            Arguments.of("bytes vs other bytes", bytes, new byte[] {'w'}, false),
            Arguments.of("decimal vs equal decimal", new BigDecimal("1.5"), new BigDecimal("1.5"), true),
            Arguments.of("decimal vs other scale", new BigDecimal("1.5"), new BigDecimal("1.50"), false),
            Arguments.of("decimal vs double", new BigDecimal("1.5"), 1.5d, false),
            Arguments.of("boolean vs boolean", true, true, true),
            Arguments.of("boolean vs string", true, "true", false),
            Arguments.of("nested table by content", table("k", bytes), table("k", new byte[] {'v'}), true),
            Arguments.of("nested table is strictly typed", table("k", 1), table("k", 1L), false),
            Arguments.of("array by content", List.of(1, "x"), List.of(1, "x"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedValues")
    void valuesCompareWithRabbitMqsLooseTyping(String name, Object bindingValue, Object headerValue,
                                               boolean expected) {
        assertEquals(expected, routes(table("h", bindingValue), table("h", headerValue)));
    }

    @Test
    void messagesWithoutHeadersMatchOnlyUnconditionalAllBindings() {
        router.bind("all-empty", "", table());
        router.bind("all-a", "", table("a", 1));
        router.bind("any-empty", "", table("x-match", "any"));
        router.bind("all-x-only", "", table("x-match", "all", "x-a", 1));
        assertEquals(Set.of("all-empty", "all-x-only"), route(HeaderView.EMPTY));
        assertEquals(Set.of("all-empty", "all-x-only"), route(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "ALL", "", "all "})
    void invalidXMatchValuesAreRejected(String value) {
        var e = assertThrows(InvalidBindingException.class, () -> router.bind("q", "", table("x-match", value)));
        assertEquals("Invalid x-match field value <<\"" + value + "\">>; expected all, any, all-with-x, or any-with-x",
                e.getMessage());
        assertTrue(router.isEmpty());
    }

    @Test
    void nonStringXMatchValuesAreRejected() {
        var e = assertThrows(InvalidBindingException.class, () -> router.bind("q", "", table("x-match", 1L)));
        assertEquals("Invalid x-match field type long (value 1); expected longstr", e.getMessage());
        e = assertThrows(InvalidBindingException.class, () -> router.bind("q", "", table("x-match", null)));
        assertEquals("Invalid x-match field type void (value undefined); expected longstr", e.getMessage());
        assertTrue(router.isEmpty());
    }

    @Test
    void xMatchAsUndecodedBytesIsAccepted() {
        router.bind("q", "", table("x-match", "any".getBytes(StandardCharsets.UTF_8), "a", 1, "b", 2));
        assertEquals(Set.of("q"), route(HeaderView.of(table("b", 2))));
    }

    @Test
    void routingKeyIsIgnoredForMatchingButIdentifiesBindings() {
        assertTrue(router.bind("q", "k1", table("a", 1)));
        assertTrue(router.bind("q", "k2", table("a", 1)));
        assertFalse(router.bind("q", "k2", table("a", 1)));
        var out = new HashSet<String>();
        router.route("unrelated", HeaderView.of(table("a", 1)), out);
        assertEquals(Set.of("q"), out);
        assertEquals(2, router.bindingCount());
    }

    @Test
    void argumentOrderDoesNotChangeBindingIdentity() {
        assertTrue(router.bind("q", "", table("x-match", "any", "a", 1, "b", new byte[] {2})));
        assertFalse(router.bind("q", "", table("b", new byte[] {2}, "a", 1, "x-match", "any")));
        assertTrue(router.unbind("q", "", table("a", 1, "b", new byte[] {2}, "x-match", "any")));
        assertEquals(Set.of(), route(HeaderView.of(table("a", 1))));
    }

    @Test
    void unbindRemovesOnlyThatBinding() {
        router.bind("q", "", table("a", 1));
        router.bind("q", "", table("b", 2));
        assertTrue(router.unbind("q", "", table("a", 1)));
        assertFalse(router.unbind("q", "", table("a", 1)));
        assertEquals(Set.of(), route(HeaderView.of(table("a", 1))));
        assertEquals(Set.of("q"), route(HeaderView.of(table("b", 2))));
    }

    @Test
    void unbindAllRemovesEveryBindingOfTheDestination() {
        router.bind("q", "", table("a", 1));
        router.bind("q", "", table("b", 2));
        router.bind("other", "", table("a", 1));
        assertEquals(2, router.unbindAll("q"));
        assertEquals(Set.of("other"), route(HeaderView.of(table("a", 1, "b", 2))));
        assertEquals(1, router.bindingCount());
    }

    @Test
    void voidConditionUsesTheDefaultContainsKeyOfAHeaderView() {
        HeaderView onlyGetAndForEach = new HeaderView() {
            @Override
            public Object get(String key) {
                return null;                       // the one header is void
            }

            @Override
            public void forEach(BiConsumer<String, Object> action) {
                action.accept("present", null);
            }
        };
        router.bind("present", "", table("present", null));
        router.bind("absent", "", table("absent", null));
        assertEquals(Set.of("present"), route(onlyGetAndForEach));
    }
}
