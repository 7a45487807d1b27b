package io.warren.exchange;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordTableTest {
    @Test
    void regionsOfAKeyFindTheirWordsThroughResizesAndRemovals() {
        WordTable<Integer> t = new WordTable<>();
        for (int i = 0; i < 100; i++) {
            t.put("w" + i, i);
        }
        t.put("", -1);
        assertEquals(101, t.size());
        String key = "x.w42..w7";
        assertEquals(42, t.get(key, 2, 5));
        assertEquals(-1, t.get(key, 6, 6), "the empty word");
        assertEquals(7, t.get(key, 7, 9));
        assertNull(t.get(key, 0, 1));
        assertEquals(4, t.get(key, 2, 4), "a prefix of a word is the word of that region");
        assertNull(t.get(key, 3, 5), "\"42\" is no word here");
        t.remove("w42");
        assertNull(t.get("w42"));
        assertEquals(7, t.get("w7"));
        assertEquals(100, t.size());
    }

    @Test
    void routingAKeyThatMatchesNothingAllocatesNothing() {
        TopicRouter<String> router = new TopicRouter<>();
        for (int i = 0; i < 200; i++) {
            router.bind("q" + i, switch (i % 4) {
                case 0 -> "bench." + i + ".*";
                case 1 -> "bench." + i + ".#";
                case 2 -> "*." + i + ".x";
                default -> "#." + i + ".x";
            }, Map.of());
        }
        List<String> out = new ArrayList<>();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        router.route("other.7.y", HeaderView.EMPTY, out);  // loads and links what the walk uses
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            router.route("other.7.y", HeaderView.EMPTY, out);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(out.isEmpty());
        assertTrue(allocated < 10_000, "10 000 routes allocated " + allocated + " bytes");
    }
}
