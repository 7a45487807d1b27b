package io.warren.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicRouterTest {
    private final TopicRouter<String> router = new TopicRouter<>();

    private Set<String> route(String key) {
        var out = new HashSet<String>();
        router.route(key, HeaderView.EMPTY, out);
        return out;
    }

    // Keys starting with '#' are quoted: an unquoted leading '#' would make @CsvSource read the row as a comment.
    @ParameterizedTest(name = "binding [{0}] vs key [{1}] -> {2}")
    @CsvSource({
        "a.*.c,       a.b.c,      true",
        "a.*.c,       a.c,        false",
        "a.*.c,       a.b.b.c,    false",
        "a.*.c,       a..c,       true",
        "a.#,         a,          true",
        "a.#,         a.b,        true",
        "a.#,         a.b.c,      true",
        "a.#,         a.,         true",
        "a.#,         b.a,        false",
        "a.#,         '',         false",
        "'#.c',       c,          true",
        "'#.c',       a.b.c,      true",
        "'#.c',       c.d,        false",
        "'#.c',       '',         false",
        "a.#.z,       a.z,        true",
        "a.#.z,       a.b.z,      true",
        "a.#.z,       a.b.c.z,    true",
        "a.#.z,       a.z.z,      true",
        "a.#.z,       a.z.b,      false",
        "'#',         x.y.z,      true",
        "'#',         a,          true",
        "'#',         '',         true",
        "'#',         .,          true",
        "*,           '',         false",
        "*,           a,          true",
        "*,           a.b,        false",
        "*,           .,          false",
        "*.*,         .,          true",
        "'',          '',         true",
        "'',          a,          false",
        "'',          .,          false",
        ".,           .,          true",
        ".,           '',         false",
        "a.*,         a.b.c,      false",
        "a.*,         a.b,        true",
        "a.*,         a,          false",
        "*.b,         b,          false",
        "*.b,         a.b,        true",
        "*.b,         .b,         true",
        "'#.#',       '',         true",
        "'#.#',       a.b.c,      true",
        "a.#.#.b,     a.b,        true",
        "a.#.#.b,     a.x.b,      true",
        "a.#.#.b,     a.x.y.z.b,  true",
        "a.#.#.b,     a.b.c,      false",
        "a..b,        a..b,       true",
        "a..b,        a.b,        false",
        "a..b,        a...b,      false",
        "a.*.b,       a..b,       true",
        "a.#.b,       a..b,       true",
        "'#.a.#',     a,          true",
        "'#.a.#',     x.a.y,      true",
        "'#.a.#',     x.y,        false",
        "*.#,         '',         false",
        "*.#,         a,          true",
        "*.#,         a.b.c,      true",
        "'#.*',       '',         false",
        "'#.*',       a,          true",
        "'#.*.#',     a,          true",
        "a.*.#,       a,          false",
        "a.*.#,       a.b,        true",
        "*.*.*,       a.b,        false",
        "*.*.*,       a.b.c,      true",
        "'#.#.*.#.#', a.b,        true",
        "'#.#.*.#.#', '',         false",
        "a.b.c,       a.b.c,      true",
        "a.b.c,       a.b,        false",
        "a.b.c,       A.b.c,      false",
        "a.*,         a.#,        true",
        "a,           *,          false",
        "*,           *,          true",
        "'#.',        a.,         true",
        "'#.',        a,          false" })
    void topicMatching(String binding, String key, boolean expected) {
        router.bind("q", binding, Map.of());
        assertEquals(expected, route(key).contains("q"));
    }

    @Test
    void aDestinationMatchedBySeveralBindingsIsAddedToTheSetOnce() {
        for (String key : List.of("a.b", "a.*", "*.b", "#", "a.#", "#.b")) {
            router.bind("q", key, Map.of());
        }
        router.bind("other", "c", Map.of());
        var out = new HashSet<String>();
        router.route("a.b", HeaderView.EMPTY, out);
        assertEquals(Set.of("q"), out);

        var list = new ArrayList<String>();
        router.route("a.b", HeaderView.EMPTY, list);
        assertEquals(6, list.size(), "one add per matching binding key; a Set collapses them");
    }

    @Test
    void oneDestinationMayBeBoundWithSeveralKeys() {
        router.bind("q", "a.*", Map.of());
        router.bind("q", "b.#", Map.of());
        assertEquals(Set.of("q"), route("a.x"));
        assertEquals(Set.of("q"), route("b"));
        assertEquals(Set.of(), route("c"));
        assertTrue(router.unbind("q", "a.*", Map.of()));
        assertEquals(Set.of(), route("a.x"));
        assertEquals(Set.of("q"), route("b.y"));
    }

    @Test
    void bindingTheSameTripleTwiceIsIdempotent() {
        assertTrue(router.bind("q", "a.*", Map.of()));
        int nodes = router.trieNodeCount();
        assertFalse(router.bind("q", "a.*", Map.of()));
        assertEquals(1, router.bindingCount());
        assertEquals(nodes, router.trieNodeCount());
        assertTrue(router.unbind("q", "a.*", Map.of()));
        assertEquals(Set.of(), route("a.b"), "a second bind must not leave a second reference behind");
    }

    @Test
    void sameKeyWithOtherArgumentsIsAnotherBinding() {
        router.bind("q", "a.#", Map.of());
        router.bind("q", "a.#", Map.of("x", "y"));
        assertEquals(2, router.bindingCount());
        assertTrue(router.unbind("q", "a.#", Map.of()));
        assertEquals(Set.of("q"), route("a.b"));
        assertTrue(router.unbind("q", "a.#", Map.of("x", "y")));
        assertEquals(Set.of(), route("a.b"));
    }

    @Test
    void unbindPrunesEmptyTrieNodes() {
        assertEquals(1, router.trieNodeCount());
        router.bind("q", "a.b.c", Map.of());
        assertEquals(4, router.trieNodeCount());
        router.bind("q", "a.b.d", Map.of());
        router.bind("r", "a.*.#", Map.of());
        assertEquals(7, router.trieNodeCount());

        assertTrue(router.unbind("q", "a.b.c", Map.of()));
        assertEquals(6, router.trieNodeCount());
        assertTrue(router.unbind("r", "a.*.#", Map.of()));
        assertEquals(4, router.trieNodeCount(), "shared prefix a.b stays for a.b.d");
        assertEquals(Set.of("q"), route("a.b.d"));
        assertTrue(router.unbind("q", "a.b.d", Map.of()));
        assertEquals(1, router.trieNodeCount());
    }

    @Test
    void unbindKeepsANodeThatStillHasDestinations() {
        router.bind("q", "a", Map.of());
        router.bind("q", "a.b", Map.of());
        assertTrue(router.unbind("q", "a.b", Map.of()));
        assertEquals(2, router.trieNodeCount());
        assertEquals(Set.of("q"), route("a"));
    }

    @Test
    void matchAllKeysBypassTheTrie() {
        router.bind("q", "#", Map.of());
        router.bind("r", "#.#", Map.of());
        assertEquals(1, router.trieNodeCount());
        assertEquals(Set.of("q", "r"), route(""));
        assertEquals(Set.of("q", "r"), route("x.y"));
        assertTrue(router.unbind("q", "#", Map.of()));
        assertEquals(Set.of("r"), route("x"));
    }

    @Test
    void unbindAllRemovesTrieAndMatchAllBindings() {
        router.bind("q", "#", Map.of());
        router.bind("q", "a.*", Map.of());
        router.bind("q", "a.*", Map.of("x", 1));
        router.bind("other", "a.b", Map.of());
        assertEquals(3, router.unbindAll("q"));
        assertEquals(Set.of("other"), route("a.b"));
        assertEquals(Set.of(), route("z"));
        assertEquals(3, router.trieNodeCount());
    }

    @Test
    void unbindOfAMissingKeyCreatesNothing() {
        router.bind("q", "a.b", Map.of());
        assertFalse(router.unbind("q", "a.c.d", Map.of()));
        assertFalse(router.unbind("r", "a.b", Map.of()));
        assertEquals(3, router.trieNodeCount());
    }

    @Test
    void bindingKeysOverTheShortstrLimitAreRejected() {
        assertTrue(router.bind("q", "a".repeat(255), Map.of()));
        var e = assertThrows(InvalidBindingException.class, () -> router.bind("q", "é".repeat(128), Map.of()));
        assertEquals("topic binding key: 256 bytes (expected: <= 255)", e.getMessage());
        assertEquals(1, router.bindingCount());
    }

    @Test
    void manyHashWordsRouteInPolynomialTime() {
        String manyHashes = "#.".repeat(40) + "x";
        String interleaved = "#.a.".repeat(20) + "#.b";
        router.bind("q", manyHashes, Map.of());
        router.bind("r", interleaved, Map.of());
        String longKey = "a.".repeat(119) + "a";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertEquals(Set.of(), route(longKey));
            assertEquals(Set.of("q"), route(longKey + ".x"));
            assertEquals(Set.of("r"), route(longKey + ".b"));
        });
    }

    /** Seeded model test: the trie must agree with a direct recursive matcher, before and after unbinds. */
    @Test
    void agreesWithAReferenceMatcherOnRandomKeys() {
        var random = new Random(42);
        var bindings = new ArrayList<String>();
        for (int i = 0; i < 300; i++) {
            String key = randomKey(random, new String[] {"a", "b", "", "*", "#"}, 5);
            bindings.add(key);
            router.bind("d" + i, key, Map.of());
        }
        checkAgainstReference(random, bindings, 600);

        for (int i = 0; i < bindings.size(); i += 2) {
            assertTrue(router.unbind("d" + i, bindings.get(i), Map.of()));
            bindings.set(i, null);
        }
        checkAgainstReference(random, bindings, 600);
    }

    private void checkAgainstReference(Random random, List<String> bindings, int keys) {
        for (int k = 0; k < keys; k++) {
            String key = randomKey(random, new String[] {"a", "b", "c", ""}, 6);
            var expected = new HashSet<String>();
            for (int i = 0; i < bindings.size(); i++) {
                if (bindings.get(i) != null && TopicReferenceMatcher.matches(bindings.get(i), key)) {
                    expected.add("d" + i);
                }
            }
            assertEquals(expected, route(key), "routing key [" + key + "]");
        }
    }

    private static String randomKey(Random random, String[] alphabet, int maxWords) {
        int n = random.nextInt(maxWords + 1);
        var words = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            words.add(alphabet[random.nextInt(alphabet.length)]);
        }
        return String.join(".", words);
    }
}
