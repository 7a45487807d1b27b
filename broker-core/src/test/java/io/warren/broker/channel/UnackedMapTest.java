package io.warren.broker.channel;

import io.warren.broker.queue.QueueEntry;
import io.warren.broker.queue.TestEntries;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnackedMapTest {
    private final UnackedMap map = new UnackedMap();

    private void putTags(long from, long to) {
        for (long t = from; t <= to; t++) {
            map.put(t, TestEntries.entry(t));
        }
    }

    @Test
    void singleRemovalLeavesOthers() {
        putTags(1, 3);
        assertTrue(map.contains(2));
        map.remove(2);
        assertFalse(map.contains(2));
        assertEquals(2, map.size());
    }

    @Test
    void multipleRemovesUpToTheTagInOrderSkippingHoles() {
        putTags(1, 200); // grows the ring past its initial capacity
        map.remove(5);
        List<Long> tags = new ArrayList<>();
        map.removeUpTo(10, tags, new ArrayList<QueueEntry>());
        assertEquals(List.of(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L), tags);
        assertEquals(190, map.size());
    }

    @Test
    void removeAllEmptiesAndNewTagsStillWork() {
        putTags(1, 10);
        map.removeAll(null, new ArrayList<>());
        assertTrue(map.isEmpty());
        map.put(11, TestEntries.entry(11));
        List<Long> tags = new ArrayList<>();
        map.removeUpTo(11, tags, new ArrayList<>());
        assertEquals(List.of(11L), tags);
    }

    @Test
    void restorePutsTagsBackInOrder() {
        putTags(1, 6);
        List<Long> taken = new ArrayList<>();
        List<QueueEntry> entries = new ArrayList<>();
        map.removeUpTo(3, taken, entries);
        map.restore(taken, entries);
        List<Long> all = new ArrayList<>();
        map.removeAll(all, new ArrayList<>());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), all);
        assertNull(map.remove(1));
    }
}
