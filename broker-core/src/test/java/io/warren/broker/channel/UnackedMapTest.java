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

    @Test
    void behavesLikeASortedMapUnderRandomOperations() {
        for (long seed = 1; seed <= 5; seed++) {
            java.util.Random random = new java.util.Random(seed);
            java.util.TreeMap<Long, QueueEntry> model = new java.util.TreeMap<>();
            UnackedMap ring = new UnackedMap();
            long nextTag = 1;
            for (int step = 0; step < 20_000; step++) {
                int op = random.nextInt(10);
                if (op < 5) {
                    long tag = nextTag++;
                    if (random.nextInt(4) != 0) { // some tags go to no-ack deliveries and are never stored
                        QueueEntry e = TestEntries.entry(tag);
                        ring.put(tag, e);
                        model.put(tag, e);
                    }
                } else if (op < 8 && nextTag > 1) {
                    long tag = 1 + (long) random.nextInt((int) nextTag - 1);
                    assertEquals(model.remove(tag), ring.remove(tag), "single ack of " + tag);
                } else if (op == 8 && nextTag > 1) {
                    long tag = 1 + (long) random.nextInt((int) nextTag - 1);
                    List<QueueEntry> out = new ArrayList<>();
                    ring.removeUpTo(tag, null, out);
                    var expected = new ArrayList<>(model.headMap(tag, true).values());
                    model.headMap(tag, true).clear();
                    assertEquals(expected, out, "multiple ack up to " + tag);
                }
                assertEquals(model.size(), ring.size());
            }
        }
    }
}
