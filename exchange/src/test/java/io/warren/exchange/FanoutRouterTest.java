package io.warren.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FanoutRouterTest {
    private final FanoutRouter<String> router = new FanoutRouter<>();

    private Set<String> route(String key, HeaderView headers) {
        var out = new HashSet<String>();
        router.route(key, headers, out);
        return out;
    }

    @ParameterizedTest(name = "routing key [{0}]")
    @CsvSource({"''", "a", "a.b.c", "'#'", "k1"})
    void ignoresTheRoutingKeyAndHeaders(String key) {
        router.bind("q1", "k1", Map.of());
        router.bind("q2", "k2", Map.of("x-match", "any", "h", 1));
        assertEquals(Set.of("q1", "q2"), route(key, HeaderView.EMPTY));
        assertEquals(Set.of("q1", "q2"), route(key, HeaderView.of(Map.of("h", 2))));
    }

    @Test
    void anEmptyExchangeRoutesNowhere() {
        assertEquals(Set.of(), route("k", HeaderView.EMPTY));
        assertTrue(router.isEmpty());
    }

    @Test
    void bindingsAreIdentifiedByKeyAndArgumentsToo() {
        assertTrue(router.bind("q", "a", Map.of()));
        assertFalse(router.bind("q", "a", Map.of()));
        assertTrue(router.bind("q", "b", Map.of()));
        assertEquals(2, router.bindingCount());

        assertTrue(router.unbind("q", "a", Map.of()));
        assertEquals(Set.of("q"), route("", HeaderView.EMPTY), "still bound with key b");
        assertFalse(router.unbind("q", "a", Map.of()));
        assertTrue(router.unbind("q", "b", Map.of()));
        assertEquals(Set.of(), route("", HeaderView.EMPTY));
    }

    @Test
    void unbindAllRemovesOnlyThatDestination() {
        router.bind("q", "a", Map.of());
        router.bind("q", "b", Map.of());
        router.bind("other", "a", Map.of());
        assertEquals(2, router.unbindAll("q"));
        assertEquals(Set.of("other"), route("a", HeaderView.EMPTY));
        assertEquals(1, router.bindingCount());
    }

    @Test
    void manyDestinationsSurviveRemovalsInAnyOrder() {
        for (int i = 0; i < 50; i++) {
            router.bind("q" + i, "", Map.of());
        }
        for (int i = 0; i < 50; i += 3) {
            router.unbind("q" + i, "", Map.of());
        }
        var expected = new HashSet<String>();
        for (int i = 0; i < 50; i++) {
            if (i % 3 != 0) {
                expected.add("q" + i);
            }
        }
        assertEquals(expected, route("x", HeaderView.EMPTY));
    }
}
