package io.warren.exchange;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fanout exchange (AMQP 0-9-1 §3.1.3.2): a message goes to every bound destination; routing key and headers are
 * ignored. The binding key and arguments still take part in binding identity, as in RabbitMQ.
 * <p>Thread-safety: not thread-safe for mutation; see {@link Router} for the copy-on-write contract.
 *
 * @param <D> the destination type
 */
public final class FanoutRouter<D> implements Router<D> {
    private final BindingSet<D> bindings;
    private final DestinationSet<D> destinations;

    public FanoutRouter() {
        bindings = new BindingSet<>();
        destinations = new DestinationSet<>();
    }

    private FanoutRouter(FanoutRouter<D> other) {
        bindings = other.bindings.copy();
        destinations = other.destinations.copy();
    }

    @Override
    public boolean bind(D destination, String bindingKey, Map<String, Object> arguments) {
        if (!bindings.add(new Binding<>(destination, bindingKey, arguments))) {
            return false;
        }
        destinations.add(destination);
        return true;
    }

    @Override
    public boolean unbind(D destination, String bindingKey, Map<String, Object> arguments) {
        if (!bindings.remove(new Binding<>(destination, bindingKey, arguments))) {
            return false;
        }
        destinations.remove(destination);
        return true;
    }

    @Override
    public int unbindAll(D destination) {
        int removed = bindings.removeAll(destination).size();
        for (int i = 0; i < removed; i++) {
            destinations.remove(destination);
        }
        return removed;
    }

    @Override
    public void route(String routingKey, HeaderView headers, Collection<? super D> out) {
        destinations.addTo(out);
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
    public FanoutRouter<D> copy() {
        return new FanoutRouter<>(this);
    }
}
