package io.warren.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Headers exchange (AMQP 0-9-1 §3.1.3.4, RabbitMQ semantics): a message goes to the destinations whose binding
 * arguments match its headers, as compiled by {@link HeadersMatch}; the routing key is ignored (it still takes part
 * in binding identity). Routing checks every binding, as RabbitMQ does: headers exchanges trade speed for
 * flexibility.
 * <p>Thread-safety: not thread-safe for mutation; see {@link Router} for the copy-on-write contract.
 *
 * @param <D> the destination type
 */
public final class HeadersRouter<D> implements Router<D> {
    private final BindingSet<D> bindings;
    /** Indexed list so that route iterates without an iterator. */
    private final ArrayList<Entry<D>> entries;

    public HeadersRouter() {
        bindings = new BindingSet<>();
        entries = new ArrayList<>();
    }

    private HeadersRouter(HeadersRouter<D> other) {
        bindings = other.bindings.copy();
        entries = new ArrayList<>(other.entries);      // entries are immutable: a shallow copy is independent
    }

    /** @throws InvalidBindingException if {@code x-match} is not all, any, all-with-x or any-with-x */
    @Override
    public boolean bind(D destination, String bindingKey, Map<String, Object> arguments) {
        Binding<D> binding = new Binding<>(destination, bindingKey, arguments);
        HeadersMatch match = HeadersMatch.compile(binding.arguments());   // validate before any state changes
        if (!bindings.add(binding)) {
            return false;
        }
        entries.add(new Entry<>(binding, match));
        return true;
    }

    @Override
    public boolean unbind(D destination, String bindingKey, Map<String, Object> arguments) {
        Binding<D> binding = new Binding<>(destination, bindingKey, arguments);
        if (!bindings.remove(binding)) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).binding().equals(binding)) {
                entries.remove(i);
                break;
            }
        }
        return true;
    }

    @Override
    public int unbindAll(D destination) {
        int removed = bindings.removeAll(destination).size();
        if (removed > 0) {
            entries.removeIf(e -> e.binding().destination().equals(destination));
        }
        return removed;
    }

    @Override
    public void route(String routingKey, HeaderView headers, Collection<? super D> out) {
        HeaderView h = headers == null ? HeaderView.EMPTY : headers;
        for (int i = 0; i < entries.size(); i++) {
            Entry<D> e = entries.get(i);
            if (e.match().matches(h)) {
                out.add(e.binding().destination());
            }
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
    public HeadersRouter<D> copy() {
        return new HeadersRouter<>(this);
    }

    private record Entry<D>(Binding<D> binding, HeadersMatch match) {
    }
}
