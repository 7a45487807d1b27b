package io.warren.broker.admin;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@link CounterHistory} of every object of one kind, by scope (the vhost of a queue or exchange, "" for
 * connections and channels) and name. The keys are the broker's own strings, so a table adds no key objects
 * beyond its map entries. Objects missing from a sample are forgotten at its end.
 *
 * <p>Confinement: guarded by the lock of the owning {@link MessageRates}.
 */
final class HistoryTable {
    private final int width;
    private final Map<String, Map<String, CounterHistory>> byScope = new HashMap<>();

    HistoryTable(int width) {
        this.width = width;
    }

    void record(String scope, String name, Object owner, long[] values, int sample, int capacity) {
        if (values.length != width) {
            throw new IllegalArgumentException("values: " + values.length + " (expected: " + width + ")");
        }
        Map<String, CounterHistory> names = byScope.computeIfAbsent(scope, s -> new HashMap<>());
        CounterHistory h = names.get(name);
        if (h == null || h.owner() != owner) {
            names.put(name, new CounterHistory(owner, values, sample));
        } else if (h.seen() != sample) { // recorded twice in one sample: the first values stand
            h.record(values, sample, capacity);
        }
    }

    CounterHistory get(String scope, String name) {
        Map<String, CounterHistory> names = byScope.get(scope);
        return names == null ? null : names.get(name);
    }

    /** Forgets the objects not recorded in {@code sample} (deleted or closed since the previous one). */
    void forgetUnseen(int sample) {
        for (Iterator<Map<String, CounterHistory>> scopes = byScope.values().iterator(); scopes.hasNext(); ) {
            Map<String, CounterHistory> names = scopes.next();
            names.values().removeIf(h -> h.seen() != sample);
            if (names.isEmpty()) {
                scopes.remove();
            }
        }
    }

    int size() {
        int n = 0;
        for (Map<String, CounterHistory> names : byScope.values()) {
            n += names.size();
        }
        return n;
    }

    /** How many objects hold a ring of changes. */
    int activeCount() {
        int n = 0;
        for (Map<String, CounterHistory> names : byScope.values()) {
            for (CounterHistory h : names.values()) {
                n += h.active() ? 1 : 0;
            }
        }
        return n;
    }
}
