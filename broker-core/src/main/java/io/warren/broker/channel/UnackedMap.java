package io.warren.broker.channel;

import io.warren.broker.queue.QueueEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * A channel's unacknowledged deliveries, indexed by delivery tag.
 *
 * <p>Tags are issued in order, one per delivery, so the deliveries live in a ring buffer indexed by
 * {@code tag - headTag}: a single ack is one array store, a {@code multiple} ack pops from the head, and nothing
 * is boxed or hashed. Slots of deliveries that need no ack (no-ack consumers) and of acks out of order stay empty
 * until the head passes them. The ring spans from the oldest unacknowledged tag to the newest, so one delivery
 * left unacknowledged while millions pass keeps a long ring; that is the price of O(1) everything else.
 * Confinement: the channel's event loop.
 */
final class UnackedMap {
    private QueueEntry[] ring = new QueueEntry[64];
    private long headTag = 1;
    private int span; // slots from headTag to the newest tag put, inclusive
    private int count;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The oldest unacknowledged delivery tag, or 0 when there is none. */
    long oldestTag() {
        return count == 0 ? 0 : headTag;
    }

    boolean contains(long tag) {
        return slot(tag) >= 0 && ring[slot(tag)] != null;
    }

    /** Adds a delivery; tags must be put in ascending order. */
    void put(long tag, QueueEntry entry) {
        if (count == 0) {
            headTag = tag;
            span = 0;
        }
        long needed = tag - headTag + 1;
        if (needed > ring.length) {
            grow(needed);
        }
        ring[(int) ((tag - headTag + headIndex()) & (ring.length - 1))] = entry;
        span = (int) Math.max(span, needed);
        count++;
    }

    QueueEntry remove(long tag) {
        int i = slot(tag);
        if (i < 0) {
            return null;
        }
        QueueEntry e = ring[i];
        if (e != null) {
            ring[i] = null;
            count--;
            skipEmptyHead();
        }
        return e;
    }

    /** Removes every delivery with a tag up to and including {@code tag}, in tag order, into the lists. */
    void removeUpTo(long tag, List<Long> tags, List<QueueEntry> out) {
        while (span > 0 && headTag <= tag) {
            int i = headIndex();
            QueueEntry e = ring[i];
            if (e != null) {
                ring[i] = null;
                count--;
                if (tags != null) {
                    tags.add(headTag);
                }
                out.add(e);
            }
            pop();
        }
        skipEmptyHead();
    }

    /** Removes everything, in tag order. */
    void removeAll(List<Long> tags, List<QueueEntry> out) {
        removeUpTo(Long.MAX_VALUE, tags, out);
    }

    /** Puts back deliveries a rolled-back transaction had acknowledged (tags may be below the head). */
    void restore(List<Long> tags, List<QueueEntry> entries) {
        List<Long> allTags = new ArrayList<>(tags);
        List<QueueEntry> all = new ArrayList<>(entries);
        removeAll(allTags, all);
        Integer[] order = new Integer[allTags.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(allTags.get(a), allTags.get(b)));
        for (Integer i : order) {
            put(allTags.get(i), all.get(i));
        }
    }

    // The ring stores headTag at index headStart; slot of tag t is (headStart + t - headTag) mod capacity.
    private int headStart;

    private int headIndex() {
        return headStart;
    }

    private int slot(long tag) {
        long rel = tag - headTag;
        if (rel < 0 || rel >= span) {
            return -1;
        }
        return (int) ((headStart + rel) & (ring.length - 1));
    }

    private void pop() {
        headStart = (headStart + 1) & (ring.length - 1);
        headTag++;
        span--;
    }

    private void skipEmptyHead() {
        while (span > 0 && ring[headStart] == null) {
            pop();
        }
        if (count == 0) {
            span = 0;
        }
    }

    private void grow(long needed) {
        if (needed > (1 << 30)) {
            throw new IllegalStateException("more than 2^30 delivery tags between the oldest unacknowledged "
                    + "delivery and the newest");
        }
        int capacity = ring.length;
        while (capacity < needed) {
            capacity <<= 1;
        }
        QueueEntry[] next = new QueueEntry[capacity];
        for (int i = 0; i < span; i++) {
            next[i] = ring[(headStart + i) & (ring.length - 1)];
        }
        ring = next;
        headStart = 0;
    }
}
