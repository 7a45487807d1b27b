package io.warren.exchange;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Minimal read view over a message's {@code headers} field table, so that this module needs no codec types.
 * broker-core adapts its lazily parsed {@code FieldTable} to it.
 * <p>Values use the Java types of the codec: {@code String} or {@code byte[]} for strings, boxed integers and
 * floating-point numbers, {@code Boolean}, {@code BigDecimal}, nested {@code Map}/{@code List}, and {@code null}
 * for the AMQP void type ({@code V}).
 * <p>Thread-safety: implementations must allow concurrent reads; {@link #EMPTY} is immutable.
 */
public interface HeaderView {

    /** A view with no headers (a message whose {@code headers} property is absent). */
    HeaderView EMPTY = new MapHeaderView(Map.of());

    /** The value of header {@code key}, or {@code null} when it is absent or void (see {@link #containsKey}). */
    Object get(String key);

    /** Calls {@code action} once per header, in table order. */
    void forEach(BiConsumer<String, Object> action);

    /**
     * Whether header {@code key} is present, even with a void value. The default scans with {@link #forEach} when
     * {@link #get} returns null; adapters with an index should override it.
     */
    default boolean containsKey(String key) {
        if (get(key) != null) {
            return true;
        }
        boolean[] found = {false};
        forEach((k, v) -> {
            if (k.equals(key)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /**
     * A live view over {@code map} (not a copy: the map must not change while a route call reads it).
     * A null map gives {@link #EMPTY}.
     */
    static HeaderView of(Map<String, ?> map) {
        return map == null || map.isEmpty() ? EMPTY : new MapHeaderView(map);
    }
}
