package io.warren.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Topic exchange matching through the broker, with RabbitMQ's word rules: words are split on '.', the empty key
 * has no words, "a..b" has an empty middle word, '*' is exactly one word (possibly empty), '#' is zero or more.
 */
class TopicRoutingIT extends RoutingTestCase {

    /** Publishes every key (the body is the key) to a topic exchange with one queue per pattern. */
    private Map<String, List<String>> route(List<String> patterns, List<String> keys) throws Exception {
        String x = exchange("topic");
        Map<String, String> queues = new LinkedHashMap<>();
        for (String p : patterns) {
            queues.put(p, boundQueue(x, p));
        }
        for (String k : keys) {
            publish(x, k, k);
        }
        Map<String, List<String>> received = new LinkedHashMap<>();
        for (String p : patterns) {
            received.put(p, drain(queues.get(p)));
        }
        return received;
    }

    @Test
    void starMatchesExactlyOneWord() throws Exception {
        var got = route(List.of("a.*", "*.b", "*", "a.*.c"),
                List.of("a", "a.b", "a.b.c", "x.b", "b", "a.", ".b", "a..c", "abc", "a.bb.c"));
        assertEquals(List.of("a.b", "a."), got.get("a.*"));
        assertEquals(List.of("a.b", "x.b", ".b"), got.get("*.b"));
        assertEquals(List.of("a", "b", "abc"), got.get("*"));
        assertEquals(List.of("a.b.c", "a..c", "a.bb.c"), got.get("a.*.c"));
    }

    @Test
    void hashMatchesZeroOrMoreWords() throws Exception {
        var got = route(List.of("a.#", "#.c", "a.#.c", "a.#.b"),
                List.of("a", "a.b", "a.b.c", "c", "x.c", "a.c", "ab.c", "b.a", "a.x.y.b", "a.b.b", "a.bc"));
        assertEquals(List.of("a", "a.b", "a.b.c", "a.c", "a.x.y.b", "a.b.b", "a.bc"), got.get("a.#"));
        assertEquals(List.of("a.b.c", "c", "x.c", "a.c", "ab.c"), got.get("#.c"));
        assertEquals(List.of("a.b.c", "a.c"), got.get("a.#.c"));
        assertEquals(List.of("a.b", "a.x.y.b", "a.b.b"), got.get("a.#.b"));
    }

    @Test
    void hashAloneMatchesEveryKeyIncludingTheEmptyOne() throws Exception {
        List<String> keys = List.of("", "a", "a.b.c", ".", "..", "#", "*");
        var got = route(List.of("#", "#.#"), keys);
        assertEquals(keys, got.get("#"));
        assertEquals(keys, got.get("#.#"));
    }

    @Test
    void emptyWordsAreWords() throws Exception {
        var got = route(List.of("", "*", "*.*", "a..b", "a.*.b", "#.", ".#"),
                List.of("", ".", "a..b", "a.b", "a.", "x", "a.x.b"));
        assertEquals(List.of(""), got.get(""));                         // the empty key has zero words
        assertEquals(List.of("x"), got.get("*"));                       // so '*' does not match it
        assertEquals(List.of(".", "a.b", "a."), got.get("*.*"));
        assertEquals(List.of("a..b"), got.get("a..b"));
        assertEquals(List.of("a..b", "a.x.b"), got.get("a.*.b"));
        assertEquals(List.of(".", "a."), got.get("#."));                // last word empty
        assertEquals(List.of("."), got.get(".#"));                      // first word empty
    }

    @Test
    void wildcardsAreOnlyWildcardsAsWholeWords() throws Exception {
        var got = route(List.of("a*", "a#", "a.b*"), List.of("a", "ab", "a*", "a#", "a.b", "a.b*", "a.bc"));
        assertEquals(List.of("a*"), got.get("a*"));
        assertEquals(List.of("a#"), got.get("a#"));
        assertEquals(List.of("a.b*"), got.get("a.b*"));
    }

    @Test
    void aKeyMatchedBySeveralBindingsOfOneQueueIsDeliveredOnce() throws Exception {
        String x = exchange("topic");
        String q = boundQueue(x, "a.b.c", "a.*.c", "a.#", "#", "*.b.*", "#.c");
        String other = boundQueue(x, "#.c");
        publish(x, "a.b.c", "m1");
        publish(x, "z", "m2");
        assertEquals(List.of("m1", "m2"), drain(q));
        assertEquals(List.of("m1"), drain(other));
    }

    @Test
    void unbindingOnePatternKeepsTheOthers() throws Exception {
        String x = exchange("topic");
        String q = boundQueue(x, "a.*", "#.z");
        channel.queueUnbind(q, x, "a.*");
        for (String k : List.of("a.b", "a.z", "z")) {
            publish(x, k, k);
        }
        assertEquals(List.of("a.z", "z"), drain(q));
    }

    /**
     * 200 bindings (20 queues with 10 patterns each) against 80 keys, compared with a straightforward recursive
     * matcher written from the rules in the class comment. Each queue must receive exactly the keys that match at
     * least one of its patterns, each once, in publish order.
     */
    @Test
    void twoHundredBindingsRouteAsTheRulesSay() throws Exception {
        Random random = new Random(20260112L);
        String[] patternWords = {"a", "b", "c", "*", "#", ""};
        String[] keyWords = {"a", "b", "c", ""};
        String x = exchange("topic");
        List<String> queues = new ArrayList<>();
        List<Set<String>> patterns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String q = channel.queueDeclare().getQueue();
            Set<String> ps = new LinkedHashSet<>();
            for (int j = 0; j < 10; j++) {
                String p = randomKey(random, patternWords, 5);
                ps.add(p);
                channel.queueBind(q, x, p);
            }
            queues.add(q);
            patterns.add(ps);
        }
        List<String> keys = new ArrayList<>(List.of("", ".", "a", "a.b.c", "c.c.c.c.c.c"));
        while (keys.size() < 80) {
            String k = randomKey(random, keyWords, 6);
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        for (String k : keys) {
            publish(x, k, k);
        }
        int routed = 0;
        for (int i = 0; i < queues.size(); i++) {
            List<String> expected = new ArrayList<>();
            for (String k : keys) {
                if (patterns.get(i).stream().anyMatch(p -> matches(p, k))) {
                    expected.add(k);
                }
            }
            routed += expected.size();
            assertEquals(expected, drain(queues.get(i)), "queue " + i + " bound with " + patterns.get(i));
        }
        assertTrue(routed > 100, "the table should exercise matches, got " + routed);
    }

    private static String randomKey(Random random, String[] vocabulary, int maxWords) {
        int n = 1 + random.nextInt(maxWords);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return sb.toString();
    }

    // ---- the reference matcher ----

    static boolean matches(String pattern, String key) {
        return matches(words(pattern), 0, words(key), 0);
    }

    private static String[] words(String s) {
        return s.isEmpty() ? new String[0] : s.split("\\.", -1);
    }

    private static boolean matches(String[] p, int i, String[] k, int j) {
        if (i == p.length) {
            return j == k.length;
        }
        if (p[i].equals("#")) {
            for (int skip = j; skip <= k.length; skip++) {
                if (matches(p, i + 1, k, skip)) {
                    return true;
                }
            }
            return false;
        }
        return j < k.length && (p[i].equals("*") || p[i].equals(k[j])) && matches(p, i + 1, k, j + 1);
    }
}
