package io.warren.exchange;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A small map from words to values that can be looked up by a region of a larger string ({@link #get(String, int,
 * int)}), so that a routing key's words need not be cut out as strings: open addressing with linear probing,
 * hashed as {@link String#hashCode()} hashes. Removal rebuilds the table (it only happens on unbind).
 * <p>Thread-safety: as its owner ({@link TopicTrie}): reads may run concurrently when nothing mutates.
 *
 * @param <V> the value type
 */
final class WordTable<V> {
    private String[] keys = new String[4];
    private Object[] values = new Object[4];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    V get(String word) {
        return get(word, 0, word.length());
    }

    /** The value of the word {@code key.substring(from, to)}, found without building that substring. */
    @SuppressWarnings("unchecked")
    V get(String key, int from, int to) {
        int len = to - from;
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + key.charAt(i);
        }
        int mask = keys.length - 1;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return null;
            }
            if (k.length() == len && k.regionMatches(0, key, from, len)) {
                return (V) values[i];
            }
        }
    }

    void put(String word, V value) {
        if ((size + 1) * 2 > keys.length) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = spread(word.hashCode()) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == null) {
                keys[i] = word;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i].equals(word)) {
                values[i] = value;
                return;
            }
        }
    }

    void remove(String word) {
        if (get(word) == null) {
            return;
        }
        String[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new String[oldKeys.length];
        values = new Object[oldKeys.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null && !oldKeys[i].equals(word)) {
                put(oldKeys[i], cast(oldValues[i]));
            }
        }
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<String, V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept(keys[i], (V) values[i]);
            }
        }
    }

    private void resize(int capacity) {
        String[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new String[capacity];
        values = new Object[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                put(oldKeys[i], cast(oldValues[i]));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private V cast(Object v) {
        return (V) v;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return Arrays.toString(keys);
    }
}
