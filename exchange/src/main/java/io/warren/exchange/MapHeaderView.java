package io.warren.exchange;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@link HeaderView} over a {@link Map}; used for {@link HeaderView#EMPTY}, for tests and by callers that already
 * hold headers as a map.
 * <p>Thread-safety: as thread-safe as reads of the wrapped map (safe for concurrent reads if nobody mutates it).
 */
record MapHeaderView(Map<String, ?> map) implements HeaderView {

    @Override
    public Object get(String key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(String key) {
        return map.containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<String, Object> action) {
        map.forEach(action);
    }
}
