package io.warren.exchange;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Topic exchange (AMQP 0-9-1 §3.1.3.3, RabbitMQ semantics): binding keys are {@code .}-separated words where
 * {@code *} matches exactly one word and {@code #} matches zero or more words. Word splitting, including empty
 * words and the empty key (zero words), is described on {@link TopicKeys}.
 * <p>Binding keys made only of {@code #} words ({@code "#"}, {@code "#.#"}) match everything and are kept in a
 * flat set routed like fanout, without splitting the routing key; all other keys live in a {@link TopicTrie}.
 * A route call allocates only the split routing key (skipped when the trie is empty) and, for binding keys with
 * nested {@code #} words, the walk's memo.
 * <p>Thread-safety: not thread-safe for mutation; see {@link Router} for the copy-on-write contract.
 *
 * @param <D> the destination type
 */
public final class TopicRouter<D> implements Router<D> {
    private final BindingSet<D> bindings;
    private final DestinationSet<D> matchAll;
    private final TopicTrie<D> trie;

    public TopicRouter() {
        bindings = new BindingSet<>();
        matchAll = new DestinationSet<>();
        trie = new TopicTrie<>();
    }

    private TopicRouter(TopicRouter<D> other) {
        bindings = other.bindings.copy();
        matchAll = other.matchAll.copy();
        trie = other.trie.copy();
    }

    /** @throws InvalidBindingException if the binding key is longer than 255 UTF-8 bytes */
    @Override
    public boolean bind(D destination, String bindingKey, Map<String, Object> arguments) {
        Binding<D> binding = new Binding<>(destination, bindingKey, arguments);
        TopicKeys.validateBindingKey(bindingKey);                  // before any state changes
        if (!bindings.add(binding)) {
            return false;
        }
        if (TopicKeys.matchesEverything(bindingKey)) {
            matchAll.add(destination);
        } else {
            trie.add(TopicKeys.split(bindingKey), destination);
        }
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

    private void removeIndex(D destination, String bindingKey) {
        if (TopicKeys.matchesEverything(bindingKey)) {
            matchAll.remove(destination);
        } else {
            trie.remove(TopicKeys.split(bindingKey), destination);
        }
    }

    @Override
    public void route(String routingKey, HeaderView headers, Collection<? super D> out) {
        matchAll.addTo(out);
        if (!trie.isEmpty()) {
            trie.route(routingKey, out);
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
    public TopicRouter<D> copy() {
        return new TopicRouter<>(this);
    }

    /** Trie size including the root; for tests of pruning. */
    int trieNodeCount() {
        return trie.nodeCount();
    }
}
