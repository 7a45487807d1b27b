package io.warren.exchange;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A multiset of destinations kept in a dense array, so that {@link #addTo} iterates without an iterator.
 * The count is the number of bindings that put a destination here (the same destination may be bound to one key
 * with several argument tables); the destination leaves when its count drops to zero.
 * <p>Thread-safety: not thread-safe for mutation; {@link #addTo} and the other reads may run concurrently with
 * each other when nothing mutates.
 *
 * @param <D> the destination type
 */
final class DestinationSet<D> {
    private static final Object[] NO_ITEMS = {};
    private static final int[] NO_COUNTS = {};

    private final Map<D, Integer> slots;
    private Object[] items;
    private int[] counts;
    private int size;

    DestinationSet() {
        slots = new HashMap<>();
        items = NO_ITEMS;
        counts = NO_COUNTS;
    }

    private DestinationSet(DestinationSet<D> other) {
        slots = new HashMap<>(other.slots);
        items = Arrays.copyOf(other.items, other.size);
        counts = Arrays.copyOf(other.counts, other.size);
        size = other.size;
    }

    /** Adds one reference to {@code d}; returns true if {@code d} was not present before. */
    boolean add(D d) {
        Integer slot = slots.get(d);
        if (slot != null) {
            counts[slot]++;
            return false;
        }
        if (size == items.length) {
            int capacity = Math.max(4, size * 2);
            items = Arrays.copyOf(items, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        items[size] = d;
        counts[size] = 1;
        slots.put(d, size);
        size++;
        return true;
    }

    /** Drops one reference to {@code d}; returns true if {@code d} left the set. Absent is a no-op. */
    boolean remove(D d) {
        Integer slot = slots.get(d);
        if (slot == null) {
            return false;
        }
        int s = slot;
        if (--counts[s] > 0) {
            return false;
        }
        slots.remove(d);
        int last = --size;
        if (s != last) {              // keep the array dense: move the last destination into the hole
            items[s] = items[last];
            counts[s] = counts[last];
            @SuppressWarnings("unchecked")
            D moved = (D) items[s];
            slots.put(moved, s);
        }
        items[last] = null;
        counts[last] = 0;
        return true;
    }

    /** Adds every destination to {@code out}; allocation-free apart from what {@code out} does. */
    @SuppressWarnings("unchecked")
    void addTo(Collection<? super D> out) {
        for (int i = 0; i < size; i++) {
            out.add((D) items[i]);
        }
    }

    boolean contains(D d) {
        return slots.containsKey(d);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    DestinationSet<D> copy() {
        return new DestinationSet<>(this);
    }
}
