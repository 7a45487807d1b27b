package io.warren.broker.channel;

import io.netty.util.collection.LongObjectHashMap;
import io.warren.broker.queue.QueueEntry;

import java.util.Arrays;
import java.util.List;

/**
 * A channel's unacknowledged deliveries by delivery tag.
 *
 * <p>A primitive-keyed map gives O(1) single acks without boxing; a ring of tags in ascending order (tags are
 * issued in order) serves {@code multiple} acks from the head. Tags removed singly leave a hole in the ring that
 * is skipped when the head reaches it. Confinement: the channel's event loop.
 */
final class UnackedMap {
    private final LongObjectHashMap<QueueEntry> byTag = new LongObjectHashMap<>();
    private long[] ring = new long[64];
    private int head;
    private int size; // slots used in the ring, including holes

    int size() {
        return byTag.size();
    }

    boolean isEmpty() {
        return byTag.isEmpty();
    }

    boolean contains(long tag) {
        return byTag.containsKey(tag);
    }

    /** Adds a delivery; tags must be added in ascending order. */
    void put(long tag, QueueEntry entry) {
        byTag.put(tag, entry);
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = tag;
        size++;
    }

    QueueEntry remove(long tag) {
        QueueEntry e = byTag.remove(tag);
        if (e != null) {
            skipHoles();
        }
        return e;
    }

    /** Removes every delivery with a tag up to and including {@code tag}, in tag order, into the lists. */
    void removeUpTo(long tag, List<Long> tags, List<QueueEntry> out) {
        while (size > 0) {
            long t = ring[head];
            if (t > tag) {
                break;
            }
            QueueEntry e = byTag.remove(t);
            if (e != null) {
                if (tags != null) {
                    tags.add(t);
                }
                out.add(e);
            }
            pop();
        }
    }

    /** Removes everything, in tag order. */
    void removeAll(List<Long> tags, List<QueueEntry> out) {
        removeUpTo(Long.MAX_VALUE, tags, out);
    }

    /** Puts deliveries back (a rolled-back transaction's acks); rebuilds the ring in tag order. */
    void restore(List<Long> tags, List<QueueEntry> entries) {
        for (int i = 0; i < tags.size(); i++) {
            byTag.put(tags.get(i), entries.get(i));
        }
        long[] all = new long[byTag.size()];
        int n = 0;
        for (long t : byTag.keySet()) {
            all[n++] = t;
        }
        Arrays.sort(all);
        int cap = Integer.highestOneBit(Math.max(64, all.length * 2 - 1));
        ring = Arrays.copyOf(all, Math.max(cap, 64));
        head = 0;
        size = all.length;
    }

    private void skipHoles() {
        while (size > 0 && !byTag.containsKey(ring[head])) {
            pop();
        }
    }

    private void pop() {
        head = (head + 1) & (ring.length - 1);
        size--;
    }

    private void grow() {
        long[] next = new long[ring.length * 2];
        for (int i = 0; i < size; i++) {
            next[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = next;
        head = 0;
    }
}
