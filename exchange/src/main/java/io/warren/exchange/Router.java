package io.warren.exchange;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The routing table of one exchange: its bindings and the algorithm of its {@link ExchangeType}.
 * <p>A binding is identified by the triple (destination, binding key, arguments); arguments compare by value
 * (see {@link Binding}). The same destination may be bound several times with different keys or arguments.
 * <p>Thread-safety: not thread-safe for mutation. Mutations ({@code bind}, {@code unbind}, {@code unbindAll})
 * must be externally serialized; {@code route} and the other read methods may run concurrently with each other but
 * not with a mutation. broker-core therefore treats a published router as immutable: it mutates a {@link #copy()}
 * and publishes the copy (copy-on-write), so readers never see a mutation in progress.
 *
 * @param <D> the destination type (a queue or an exchange in broker-core); needs value-based equals/hashCode
 */
public interface Router<D> {

    /**
     * Adds a binding; returns false if this exact (destination, key, args) binding already existed.
     *
     * @param arguments the binding arguments; null means none. The router keeps a shallow copy.
     * @throws InvalidBindingException if the exchange type rejects the key or the arguments
     */
    boolean bind(D destination, String bindingKey, Map<String, Object> arguments);

    /** Removes a binding; returns false if it did not exist. A null {@code arguments} means none. */
    boolean unbind(D destination, String bindingKey, Map<String, Object> arguments);

    /** Removes every binding to destination; returns how many were removed. */
    int unbindAll(D destination);

    /**
     * Adds every matching destination to out (a set the caller reuses; duplicates are the caller's set's job).
     * Apart from what {@code out} itself allocates, this allocates nothing, except where a type documents it
     * (topic: the split routing key).
     *
     * @param routingKey the message's routing key, never null
     * @param headers the message's headers; {@link HeaderView#EMPTY} (or null) when it has none
     */
    void route(String routingKey, HeaderView headers, Collection<? super D> out);

    /** The number of distinct bindings. */
    int bindingCount();

    /** Whether there are no bindings. */
    default boolean isEmpty() {
        return bindingCount() == 0;
    }

    /** Snapshot of the bindings, for listing and persistence: immutable, grouped by destination in bind order. */
    List<Binding<D>> bindings();

    /**
     * An independent copy: mutating the copy never affects this router, and the other way round.
     * Destinations and {@link Binding}s (immutable) are shared, the index structures are not.
     */
    Router<D> copy();
}
