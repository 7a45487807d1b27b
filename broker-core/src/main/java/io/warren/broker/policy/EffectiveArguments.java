package io.warren.broker.policy;

import io.warren.broker.queue.StreamArguments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * What a queue runs with: its declared {@code x-*} arguments combined with the policy in force, key by key, by
 * RabbitMQ's rules. When only one of the two sets a value, that value applies. When both do, a limit takes the
 * smaller one ({@code expires}, {@code message-ttl}, {@code max-length}, {@code max-length-bytes},
 * {@code delivery-limit} (quorum queues only); for a stream
 * {@code max-length-bytes}, {@code max-age} and {@code stream-max-segment-size-bytes}) and a choice keeps the
 * argument ({@code dead-letter-exchange}, {@code dead-letter-routing-key}, {@code overflow}). The result is keyed
 * like the arguments ({@code x-message-ttl}...), so queues read one map whatever set it. An operator policy joins
 * the policy first ({@link #definition}): a key only one of them sets comes from that one, a limit both set takes
 * the smaller value, as RabbitMQ's {@code policy_merge_strategy}. Stateless.
 */
public final class EffectiveArguments {
    private static final BinaryOperator<Object> SMALLER = (policy, arg) ->
            ((Number) policy).longValue() <= ((Number) arg).longValue() ? policy : arg;
    private static final BinaryOperator<Object> ARGUMENT = (policy, arg) -> arg;
    private static final BinaryOperator<Object> SHORTER = (policy, arg) ->
            StreamArguments.intervalMillis((String) policy) <= StreamArguments.intervalMillis((String) arg)
                    ? policy : arg;

    private static final Map<String, BinaryOperator<Object>> CLASSIC = Map.of(
            "expires", SMALLER, "message-ttl", SMALLER, "max-length", SMALLER, "max-length-bytes", SMALLER,
            "delivery-limit", SMALLER, "dead-letter-exchange", ARGUMENT, "dead-letter-routing-key", ARGUMENT,
            "overflow", ARGUMENT);
    private static final Map<String, BinaryOperator<Object>> STREAM = Map.of(
            "max-length-bytes", SMALLER, "max-age", SHORTER, "stream-max-segment-size-bytes", SMALLER);

    private EffectiveArguments() {
    }

    /**
     * The arguments a queue declared with {@code declared} runs with under {@code policy} (null: none).
     *
     * @param stream whether the queue is a stream (other keys apply)
     */
    public static Map<String, Object> of(Map<String, Object> declared, Policy policy, boolean stream) {
        return of(declared, policy, null, stream);
    }

    /** As {@link #of(Map, Policy, boolean)}, under a policy and an operator policy (either may be null). */
    public static Map<String, Object> of(Map<String, Object> declared, Policy policy, Policy operator,
                                         boolean stream) {
        if (policy == null && operator == null) {
            return declared;
        }
        Map<String, Object> definition = definition(policy, operator);
        Map<String, Object> out = new LinkedHashMap<>(declared);
        (stream ? STREAM : CLASSIC).forEach((key, rule) -> {
            Object p = definition.get(key);
            if (p == null) {
                return;
            }
            String arg = "x-" + key;
            Object a = declared.get(arg);
            out.put(arg, a == null || !comparable(p, a) ? p : rule.apply(p, a));
        });
        return out;
    }

    /**
     * The definition in force when {@code policy} and {@code operator} (either may be null) both apply: the
     * management API's {@code effective_policy_definition}. Operator policies hold only numeric limits.
     */
    public static Map<String, Object> definition(Policy policy, Policy operator) {
        if (operator == null) {
            return policy == null ? Map.of() : policy.definition();
        }
        if (policy == null) {
            return operator.definition();
        }
        Map<String, Object> merged = new TreeMap<>(policy.definition());
        operator.definition().forEach((key, value) -> merged.merge(key, value,
                (mine, theirs) -> mine instanceof Number && theirs instanceof Number ? SMALLER.apply(mine, theirs)
                        : theirs));
        return merged;
    }

    /** A declared value of another type than the policy's (not validated the same way) yields to the policy. */
    private static boolean comparable(Object p, Object a) {
        return p instanceof Number ? a instanceof Number : a instanceof String;
    }

    /** The alternate exchange of an exchange: its own argument first, else the policy's. */
    public static String alternateExchange(Map<String, Object> arguments, Policy policy) {
        Object ae = arguments.get("alternate-exchange");
        if (ae == null && policy != null) {
            ae = policy.get("alternate-exchange");
        }
        return ae instanceof String s && !s.isEmpty() ? s : null;
    }
}
