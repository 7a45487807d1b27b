package io.warren.exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authoritative set of bindings of one router, grouped by destination. Routers keep their routing index
 * (key map, trie, match list) next to it and update both together; this class answers identity questions
 * (already bound? bound at all?) and listing.
 * <p>Thread-safety: not thread-safe for mutation; reads may run concurrently when nothing mutates.
 *
 * @param <D> the destination type
 */
final class BindingSet<D> {
    private final Map<D, Set<Binding<D>>> byDestination;
    private int count;

    BindingSet() {
        byDestination = new LinkedHashMap<>();
    }

    private BindingSet(BindingSet<D> other) {
        byDestination = new LinkedHashMap<>();
        other.byDestination.forEach((d, set) -> byDestination.put(d, new LinkedHashSet<>(set)));
        count = other.count;
    }

    /** Returns false if an equal binding was already present. */
    boolean add(Binding<D> binding) {
        Set<Binding<D>> set = byDestination.computeIfAbsent(binding.destination(), d -> new LinkedHashSet<>());
        if (!set.add(binding)) {
            return false;
        }
        count++;
        return true;
    }

    /** Returns false if no equal binding was present. */
    boolean remove(Binding<D> binding) {
        Set<Binding<D>> set = byDestination.get(binding.destination());
        if (set == null || !set.remove(binding)) {
            return false;
        }
        if (set.isEmpty()) {
            byDestination.remove(binding.destination());
        }
        count--;
        return true;
    }

    /** Removes and returns every binding to {@code destination} (an empty set if there was none). */
    Set<Binding<D>> removeAll(D destination) {
        Set<Binding<D>> set = byDestination.remove(destination);
        if (set == null) {
            return Set.of();
        }
        count -= set.size();
        return set;
    }

    int size() {
        return count;
    }

    List<Binding<D>> snapshot() {
        List<Binding<D>> all = new ArrayList<>(count);
        byDestination.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    BindingSet<D> copy() {
        return new BindingSet<>(this);
    }
}
