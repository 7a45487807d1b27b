package io.warren.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectRouterTest {
    private final DirectRouter<String> router = new DirectRouter<>();

    private Set<String> route(String key) {
        var out = new HashSet<String>();
        router.route(key, HeaderView.EMPTY, out);
        return out;
    }

    @ParameterizedTest(name = "binding [{0}] vs key [{1}] -> {2}")
    @CsvSource({
        "a,      a,      true",
        "a,      b,      false",
        "a.b,    a.b,    true",
        "a.*,    a.b,    false",
        "'#',    a,      false",
        "'',     '',     true",
        "'',     a,      false",
        "A,      a,      false",
        "'a ',   a,      false",
        "ключ,   ключ,   true" })
    void routesOnExactKeyEquality(String binding, String key, boolean expected) {
        router.bind("q", binding, Map.of());
        assertEquals(expected, route(key).contains("q"));
    }

    @Test
    void bindingTheSameTripleTwiceIsIdempotent() {
        assertTrue(router.bind("q", "k", Map.of("x", 1)));
        assertFalse(router.bind("q", "k", Map.of("x", 1)));
        assertEquals(1, router.bindingCount());
        assertEquals(Set.of("q"), route("k"));
    }

    @Test
    void oneDestinationMayBeBoundWithSeveralKeys() {
        router.bind("q", "k1", Map.of());
        router.bind("q", "k2", Map.of());
        router.bind("other", "k2", Map.of());
        assertEquals(Set.of("q"), route("k1"));
        assertEquals(Set.of("q", "other"), route("k2"));
        assertEquals(3, router.bindingCount());
    }

    @Test
    void argumentsDistinguishBindingsButNotRouting() {
        assertTrue(router.bind("q", "k", Map.of()));
        assertTrue(router.bind("q", "k", Map.of("x", 1)));
        assertTrue(router.bind("q", "k", Map.of("x", 1L)), "Integer 1 and Long 1 are different typed arguments");
        assertEquals(3, router.bindingCount());

        assertTrue(router.unbind("q", "k", Map.of()));
        assertTrue(router.unbind("q", "k", Map.of("x", 1)));
        assertEquals(Set.of("q"), route("k"), "one binding still holds the destination on the key");
        assertTrue(router.unbind("q", "k", Map.of("x", 1L)));
        assertEquals(Set.of(), route("k"));
        assertEquals(0, router.keyCount());
    }

    @Test
    void byteArrayArgumentsCompareByContent() {
        router.bind("q", "k", Map.of("b", new byte[] {1, 2}));
        assertFalse(router.bind("q", "k", Map.of("b", new byte[] {1, 2})));
        assertTrue(router.unbind("q", "k", Map.of("b", new byte[] {1, 2})));
        assertTrue(router.isEmpty());
    }

    @Test
    void nullArgumentsMeanNoArguments() {
        router.bind("q", "k", null);
        assertFalse(router.bind("q", "k", Map.of()));
        assertTrue(router.unbind("q", "k", Map.of()));
    }

    @Test
    void argumentsAreCopiedAtBind() {
        var args = new HashMap<String, Object>(Map.of("x", 1));
        router.bind("q", "k", args);
        args.put("y", 2);
        assertEquals(Map.of("x", 1), router.bindings().get(0).arguments());
        assertTrue(router.unbind("q", "k", Map.of("x", 1)));
    }

    @Test
    void unbindOfAMissingBindingReturnsFalse() {
        router.bind("q", "k", Map.of());
        assertFalse(router.unbind("q", "other", Map.of()));
        assertFalse(router.unbind("other", "k", Map.of()));
        assertFalse(router.unbind("q", "k", Map.of("x", 1)));
        assertEquals(1, router.bindingCount());
    }

    @Test
    void routingToAnUnboundKeyLeavesNoEntryBehind() {
        router.bind("q", "k", Map.of());
        for (int i = 0; i < 100; i++) {
            assertTrue(route("unbound-" + i).isEmpty());
        }
        assertEquals(1, router.keyCount());
    }

    @Test
    void unbindAllRemovesEveryBindingOfOneDestination() {
        router.bind("q", "k1", Map.of());
        router.bind("q", "k2", Map.of());
        router.bind("q", "k2", Map.of("x", 1));
        router.bind("other", "k2", Map.of());
        assertEquals(3, router.unbindAll("q"));
        assertEquals(0, router.unbindAll("q"));
        assertEquals(Set.of(), route("k1"));
        assertEquals(Set.of("other"), route("k2"));
        assertEquals(1, router.bindingCount());
        assertEquals(1, router.keyCount());
    }

    @Test
    void bindingsIsAnImmutableSnapshot() {
        router.bind("q", "k", Map.of("x", 1));
        List<Binding<String>> snapshot = router.bindings();
        router.bind("q", "k2", Map.of());
        assertEquals(List.of(new Binding<>("q", "k", Map.of("x", 1))), snapshot);
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(new Binding<>("z", "", null)));
        assertEquals(2, router.bindings().size());
    }
}
