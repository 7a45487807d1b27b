package io.warren.broker.vhost;

import io.warren.broker.policy.EffectiveArguments;
import io.warren.broker.policy.Policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A vhost's policies and operator policies, each kind in precedence order ({@link Policy#PRECEDENCE}) as an
 * immutable snapshot in a volatile field: lookups never lock, changes (rare, under the vhost's lock) replace the
 * snapshot. A name identifies a policy within its kind.
 */
final class VhostPolicies {
    private volatile List<Policy> policies = List.of();
    private volatile List<Policy> operatorPolicies = List.of();

    List<Policy> all(boolean operator) {
        return operator ? operatorPolicies : policies;
    }

    Policy get(boolean operator, String name) {
        for (Policy p : all(operator)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Adds or replaces the policy of that kind and name; returns the one it replaced, or null. */
    Policy put(Policy policy) {
        List<Policy> current = all(policy.operator());
        List<Policy> next = new ArrayList<>(current.size() + 1);
        Policy replaced = null;
        for (Policy p : current) {
            if (p.name().equals(policy.name())) {
                replaced = p;
            } else {
                next.add(p);
            }
        }
        next.add(policy);
        next.sort(Policy.PRECEDENCE);
        set(policy.operator(), List.copyOf(next));
        return replaced;
    }

    /** Removes the policy of that kind and name; returns it, or null when there was none. */
    Policy remove(boolean operator, String name) {
        Policy removed = get(operator, name);
        if (removed != null) {
            List<Policy> next = new ArrayList<>(all(operator));
            next.remove(removed);
            set(operator, List.copyOf(next));
        }
        return removed;
    }

    private void set(boolean operator, List<Policy> sorted) {
        if (operator) {
            operatorPolicies = sorted;
        } else {
            policies = sorted;
        }
    }

    /** The policy (or operator policy) that applies to the queue called {@code name}, or null. */
    Policy forQueue(boolean operator, String name) {
        for (Policy p : all(operator)) {
            if (p.matchesQueue(name)) {
                return p;
            }
        }
        return null;
    }

    /** The policy that applies to the exchange called {@code name}, or null (operator policies hold no key for one). */
    Policy forExchange(String name) {
        for (Policy p : policies) {
            if (p.matchesExchange(name)) {
                return p;
            }
        }
        return null;
    }

    /** What the queue called {@code name}, declared with {@code declared}, runs with under both kinds now. */
    Map<String, Object> effectiveArguments(String name, Map<String, Object> declared, boolean stream) {
        return EffectiveArguments.of(declared, forQueue(false, name), forQueue(true, name), stream);
    }
}
