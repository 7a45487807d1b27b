package io.warren.store.meta;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link MetadataStore} in memory, for tests and {@code --transient} runs. It encodes values exactly as
 * {@link MapDbMetadataStore} does, so encoding errors and cascades behave the same; a change that fails half way
 * is undone from a journal of the previous values. Nothing survives {@link #close()}. Thread-safe.
 */
public final class InMemoryMetadataStore extends KeyValueMetadataStore {
    private final Map<Table, JournaledMap> maps = new EnumMap<>(Table.class);
    private final List<Runnable> undo = new ArrayList<>();

    public InMemoryMetadataStore() {
        for (Table t : Table.values()) {
            maps.put(t, new JournaledMap());
        }
    }

    @Override
    protected Map<String, byte[]> table(Table t) {
        return maps.get(t);
    }

    @Override
    protected void commit() {
        undo.clear();
    }

    @Override
    protected void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
        undo.clear();
    }

    @Override
    protected void closeStorage() {
        maps.values().forEach(m -> m.data.clear());
    }

    /** A map that records how to undo each put and remove until the next commit. */
    private final class JournaledMap extends AbstractMap<String, byte[]> {
        final Map<String, byte[]> data = new HashMap<>();

        @Override
        public byte[] put(String key, byte[] value) {
            byte[] old = data.put(key, value);
            undo.add(() -> restore(key, old));
            return old;
        }

        @Override
        public byte[] remove(Object key) {
            byte[] old = data.remove(key);
            if (old != null) {
                undo.add(() -> data.put((String) key, old));
            }
            return old;
        }

        @Override
        public byte[] get(Object key) {
            return data.get(key);
        }

        @Override
        public Set<Entry<String, byte[]>> entrySet() {
            return Collections.unmodifiableMap(data).entrySet();
        }

        private void restore(String key, byte[] old) {
            if (old == null) {
                data.remove(key);
            } else {
                data.put(key, old);
            }
        }
    }
}
