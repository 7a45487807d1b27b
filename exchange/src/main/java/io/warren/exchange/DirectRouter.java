package io.warren.exchange;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct exchange (AMQP 0-9-1 §3.1.3.1): a message goes to the destinations bound with a key equal to its routing
 * key. Arguments take part in binding identity only.
 * <p>Thread-safety: not thread-safe for mutation; see {@link Router} for the copy-on-write contract.
 *
 * @param <D> the destination type
 */
public final class DirectRouter<D> implements Router<D> {
    private final BindingSet<D> bindings;
    private final Map<String, DestinationSet<D>> byKey;

    public DirectRouter() {
        bindings = new BindingSet<>();
        byKey = new HashMap<>();
    }

    private DirectRouter(DirectRouter<D> other) {
        bindings = other.bindings.copy();
        byKey = new HashMap<>(other.byKey.size() * 2);
        other.byKey.forEach((key, set) -> byKey.put(key, set.copy()));
    }

    @Override
    public boolean bind(D destination, String bindingKey, Map<String, Object> arguments) {
        if (!bindings.add(new Binding<>(destination, bindingKey, arguments))) {
            return false;
        }
        byKey.computeIfAbsent(bindingKey, k -> new DestinationSet<>()).add(destination);   // bind may allocate
        return true;
    }

    @Override
    public boolean unbind(D destination, String bindingKey, Map<String, Object> arguments) {
        if (!bindings.remove(new Binding<>(destination, bindingKey, arguments))) {
            return false;
        }
        removeIndex(destination, bindingKey);
        return true;
    }

    @Override
    public int unbindAll(D destination) {
        var removed = bindings.removeAll(destination);
        for (Binding<D> b : removed) {
            removeIndex(destination, b.key());
        }
        return removed.size();
    }

    private void removeIndex(D destination, String key) {
        DestinationSet<D> set = byKey.get(key);
        set.remove(destination);
        if (set.isEmpty()) {
            byKey.remove(key);          // an unbound key leaves no entry behind
        }
    }

    @Override
    public void route(String routingKey, HeaderView headers, Collection<? super D> out) {
        // A plain get, never computeIfAbsent: publishes to keys nobody bound (typos, probes, hostile clients) must not
        // grow the map, or every distinct routing key ever published would stay in memory and cost an allocation.
        DestinationSet<D> set = byKey.get(routingKey);
        if (set != null) {
            set.addTo(out);
        }
    }

    @Override
    public int bindingCount() {
        return bindings.size();
    }

    @Override
    public List<Binding<D>> bindings() {
        return bindings.snapshot();
    }

    @Override
    public DirectRouter<D> copy() {
        return new DirectRouter<>(this);
    }

    /** Number of distinct bound keys; for tests that check the index does not grow or leak. */
    int keyCount() {
        return byKey.size();
    }
}
