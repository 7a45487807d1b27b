package io.warren.store.meta;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link MetadataStore} in memory, for tests and {@code --transient} runs. It encodes values exactly as
 * {@link MapDbMetadataStore} does, so encoding errors and cascades behave the same; a failed change is rolled
 * back from a snapshot. Thread-safe.
 */
public final class InMemoryMetadataStore extends KeyValueMetadataStore {
    private final Map<Table, Map<String, byte[]>> maps = new EnumMap<>(Table.class);
    private Map<Table, Map<String, byte[]>> committed = new EnumMap<>(Table.class);

    public InMemoryMetadataStore() {
        for (Table t : Table.values()) {
            maps.put(t, new HashMap<>());
            committed.put(t, new HashMap<>());
        }
    }

    @Override
    protected Map<String, byte[]> table(Table t) {
        return maps.get(t);
    }

    @Override
    protected void commit() {
        Map<Table, Map<String, byte[]>> snapshot = new EnumMap<>(Table.class);
        maps.forEach((t, m) -> snapshot.put(t, new HashMap<>(m)));
        committed = snapshot;
    }

    @Override
    protected void rollback() {
        committed.forEach((t, m) -> {
            maps.get(t).clear();
            maps.get(t).putAll(m);
        });
    }

    @Override
    protected void closeStorage() {
        maps.values().forEach(Map::clear);
    }
}
