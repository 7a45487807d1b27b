package io.warren.broker.policy;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One policy of a vhost, validated. {@code pattern} is searched for in a name (not matched against the whole of
 * it), as RabbitMQ does: {@code ^orders\.} selects the names that start with {@code orders.}. Of the policies
 * matching an object, the one with the highest priority applies, and only that one; equal priorities are broken
 * by name so the choice never depends on the order they were set in. An operator policy (RabbitMQ's
 * {@code set_operator_policy}) is chosen the same way among the operator policies, holds only queue limits, and
 * applies together with the policy: see {@link EffectiveArguments}. Immutable.
 */
public record Policy(String vhost, String name, String pattern, ApplyTo applyTo, int priority,
                     Map<String, Object> definition, Pattern compiled, boolean operator) {

    /** Highest priority first, then by name. */
    public static final Comparator<Policy> PRECEDENCE = Comparator.comparingInt(Policy::priority).reversed()
            .thenComparing(Policy::name);

    /** What a policy applies to: RabbitMQ 3.10's {@code apply-to} values. */
    public enum ApplyTo {
        QUEUES("queues"), EXCHANGES("exchanges"), ALL("all");

        private final String wireName;

        ApplyTo(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        static ApplyTo parse(String s) {
            for (ApplyTo a : values()) {
                if (a.wireName.equals(s)) {
                    return a;
                }
            }
            throw InvalidPolicyException.validation("apply-to '" + s
                    + "' unrecognised; should be 'queues', 'exchanges' or 'all'");
        }
    }

    /**
     * Validates a policy as set through the HTTP API or a definitions file.
     *
     * @param applyTo  "queues", "exchanges" or "all"; null means "all"
     * @param priority an integral number; null means 0
     * @throws InvalidPolicyException with RabbitMQ's reason text
     */
    public static Policy of(String vhost, String name, String pattern, String applyTo, Object priority,
                            Map<String, Object> definition) {
        return of(vhost, name, pattern, applyTo, priority, definition, false);
    }

    /** Validates an operator policy: as {@link #of}, with only the keys RabbitMQ 3.10 allows operators. */
    public static Policy operator(String vhost, String name, String pattern, String applyTo, Object priority,
                                  Map<String, Object> definition) {
        return of(vhost, name, pattern, applyTo, priority, definition, true);
    }

    /** Validates a policy, or an operator policy when {@code operator}. */
    public static Policy of(String vhost, String name, String pattern, String applyTo, Object priority,
                            Map<String, Object> definition, boolean operator) {
        if (pattern == null) {
            throw new InvalidPolicyException("[{key_missing,pattern}]");
        }
        if (definition == null) {
            throw new InvalidPolicyException("[{key_missing,definition}]");
        }
        // RabbitMQ's order of checks: priority, pattern, apply-to, definition.
        int prio = 0;
        if (priority != null) {
            if (!(priority instanceof Number)) {
                throw InvalidPolicyException.validation("priority should be a number, actually was "
                        + PolicyDefinition.erlang(priority));
            }
            long p = ((Number) priority).longValue();
            if (!PolicyDefinition.isIntegral(priority) || p != (int) p) {  // RabbitMQ takes any number; we store an int
                throw InvalidPolicyException.validation("priority should be an integer from -2147483648 to "
                        + "2147483647, actually was " + priority);
            }
            prio = (int) p;
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw InvalidPolicyException.validation("pattern should be regular expression but is invalid: "
                    + e.getDescription() + " at " + e.getIndex());
        }
        ApplyTo target = applyTo == null ? ApplyTo.ALL : ApplyTo.parse(applyTo);
        PolicyDefinition.validate(definition, operator);
        return new Policy(vhost, name, pattern, target, prio,
                Collections.unmodifiableMap(new LinkedHashMap<>(definition)), compiled, operator);
    }

    /** Whether this policy applies to the queue called {@code queue}. */
    public boolean matchesQueue(String queue) {
        return applyTo != ApplyTo.EXCHANGES && compiled.matcher(queue).find();
    }

    /** Whether this policy applies to the exchange called {@code exchange} (never the default exchange). */
    public boolean matchesExchange(String exchange) {
        return applyTo != ApplyTo.QUEUES && !exchange.isEmpty() && compiled.matcher(exchange).find();
    }

    /** The definition's value for {@code key}, or null. */
    public Object get(String key) {
        return definition.get(key);
    }
}
