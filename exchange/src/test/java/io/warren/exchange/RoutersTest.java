package io.warren.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutersTest {

    private static Set<String> route(Router<String> router, String key) {
        var out = new HashSet<String>();
        router.route(key, HeaderView.of(Map.of("h", 1)), out);
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "DIRECT,  io.warren.exchange.DirectRouter",
        "FANOUT,  io.warren.exchange.FanoutRouter",
        "TOPIC,   io.warren.exchange.TopicRouter",
        "HEADERS, io.warren.exchange.HeadersRouter" })
    void createReturnsTheRouterOfTheType(ExchangeType type, Class<?> expected) {
        Router<String> router = Routers.create(type);
        assertInstanceOf(expected, router);
        assertEquals(0, router.bindingCount());
    }

    @ParameterizedTest
    @EnumSource(ExchangeType.class)
    void wireNamesRoundTrip(ExchangeType type) {
        assertEquals(type.name().toLowerCase(java.util.Locale.ROOT), type.wireName());
        assertEquals(Optional.of(type), ExchangeType.fromName(type.wireName()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Direct", "TOPIC", "x-delayed-message", "fanout "})
    void unknownTypeNamesAreEmpty(String name) {
        assertEquals(Optional.empty(), ExchangeType.fromName(name));
    }

    /** Key "k" with no arguments routes a message with key "k" on every type (headers: all, no conditions). */
    @ParameterizedTest
    @EnumSource(ExchangeType.class)
    void aCopyIsIndependentOfTheOriginal(ExchangeType type) {
        Router<String> original = Routers.create(type);
        original.bind("q1", "k", Map.of());
        Router<String> copy = original.copy();
        assertNotSame(original, copy);
        assertEquals(original.getClass(), copy.getClass());
        assertEquals(original.bindings(), copy.bindings());

        copy.unbind("q1", "k", Map.of());
        copy.bind("q2", "k", Map.of());
        assertEquals(Set.of("q1"), route(original, "k"));
        assertEquals(Set.of("q2"), route(copy, "k"));
        assertEquals(1, original.bindingCount());

        original.bind("q3", "k", Map.of());
        assertEquals(Set.of("q2"), route(copy, "k"));
        assertEquals(1, copy.bindingCount());
        assertEquals(1, original.unbindAll("q3"));
        assertEquals(0, copy.unbindAll("q3"));
    }

    @Test
    void aTopicCopyHasItsOwnTrie() {
        var original = new TopicRouter<String>();
        original.bind("q", "a.#.b", Map.of());
        original.bind("q", "a.#.b", Map.of("x", 1));
        original.bind("r", "a.*", Map.of());
        var copy = original.copy();

        copy.unbindAll("q");
        copy.unbind("r", "a.*", Map.of());
        assertEquals(1, copy.trieNodeCount());
        assertEquals(5, original.trieNodeCount());          // root, a, #, b, *
        assertEquals(Set.of("q", "r"), route(original, "a.b"));

        original.unbind("q", "a.#.b", Map.of());
        copy.bind("q", "a.#.b", Map.of());
        assertEquals(Set.of("q", "r"), route(original, "a.b"), "original still holds q through its second binding");
        assertEquals(Set.of("q"), route(copy, "a.x.b"));
    }
}
