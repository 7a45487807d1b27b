package io.warren.broker.vhost;

import io.warren.broker.policy.Policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A vhost's policies in precedence order ({@link Policy#PRECEDENCE}), as an immutable snapshot in a volatile field:
 * lookups never lock, changes (rare, under the vhost's lock) replace the snapshot.
 */
final class VhostPolicies {
    private volatile List<Policy> sorted = List.of();

    List<Policy> all() {
        return sorted;
    }

    Policy get(String name) {
        for (Policy p : sorted) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Adds or replaces the policy of that name; returns the one it replaced, or null. */
    Policy put(Policy policy) {
        List<Policy> next = new ArrayList<>(sorted.size() + 1);
        Policy replaced = null;
        for (Policy p : sorted) {
            if (p.name().equals(policy.name())) {
                replaced = p;
            } else {
                next.add(p);
            }
        }
        next.add(policy);
        next.sort(Policy.PRECEDENCE);
        sorted = List.copyOf(next);
        return replaced;
    }

    /** Removes the policy of that name; returns it, or null when there was none. */
    Policy remove(String name) {
        Policy removed = get(name);
        if (removed != null) {
            List<Policy> next = new ArrayList<>(sorted);
            next.remove(removed);
            sorted = List.copyOf(next);
        }
        return removed;
    }

    /** The policy that applies to the queue called {@code name}, or null. */
    Policy forQueue(String name) {
        for (Policy p : sorted) {
            if (p.matchesQueue(name)) {
                return p;
            }
        }
        return null;
    }

    /** The policy that applies to the exchange called {@code name}, or null. */
    Policy forExchange(String name) {
        for (Policy p : sorted) {
            if (p.matchesExchange(name)) {
                return p;
            }
        }
        return null;
    }
}
