package io.warren.broker.policy;

import io.warren.broker.queue.StreamArguments;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The keys a policy definition may hold and their checks, as RabbitMQ 3.10 (without plugins) has them, with its
 * reason texts; values in those texts are printed as Erlang terms ({@code <<"lazy">>}, {@code -1}) since that is
 * how RabbitMQ prints them. Keys for features Warren does not have (in-memory limits, classic mirroring,
 * {@code queue-mode}, {@code queue-version}) are checked and accepted, so that a RabbitMQ definitions export
 * imports as it is, and have no effect, as on a single RabbitMQ node. An operator policy may hold only the queue
 * limits of {@link #OPERATOR_KEYS}, as in RabbitMQ 3.10. Stateless.
 */
final class PolicyDefinition {
    private static final Set<String> OVERFLOW = Set.of("drop-head", "reject-publish", "reject-publish-dlx");
    /** What an operator policy may set: RabbitMQ 3.10's {@code operator_policy_validator} keys. */
    static final Set<String> OPERATOR_KEYS = Set.of("expires", "message-ttl", "max-length", "max-length-bytes",
            "max-in-memory-length", "max-in-memory-bytes", "delivery-limit");

    private PolicyDefinition() {
    }

    static void validate(Map<String, Object> definition, boolean operator) {
        if (definition.isEmpty()) {
            throw InvalidPolicyException.validation("no policy provided");
        }
        Map<String, Object> unknown = new TreeMap<>();
        definition.forEach((k, v) -> {
            if (operator ? !OPERATOR_KEYS.contains(k) : !known(k)) {
                unknown.put(k, v);
            }
        });
        if (!unknown.isEmpty()) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            unknown.forEach((k, v) -> j.add("{" + erlang(k) + "," + erlang(v) + "}"));
            throw InvalidPolicyException.validation(j + " are not recognised policy settings");
        }
        definition.forEach(PolicyDefinition::check);
    }

    private static boolean known(String key) {
        return switch (key) {
            case "alternate-exchange", "dead-letter-exchange", "dead-letter-routing-key", "dead-letter-strategy",
                 "message-ttl", "expires", "max-length", "max-length-bytes", "max-in-memory-length",
                 "max-in-memory-bytes", "delivery-limit", "overflow", "queue-mode", "queue-version",
                 "queue-master-locator", "max-age", "stream-max-segment-size-bytes", "ha-mode", "ha-params",
                 "ha-sync-mode", "ha-sync-batch-size", "ha-promote-on-shutdown", "ha-promote-on-failure" -> true;
            default -> false;
        };
    }

    private static void check(String key, Object v) {
        String problem = switch (key) {
            case "alternate-exchange" -> v instanceof String ? null : "is not a valid alternate exchange name";
            case "dead-letter-exchange" -> v instanceof String ? null : "is not a valid dead letter exchange name";
            case "dead-letter-routing-key" -> v instanceof String ? null : "is not a valid dead letter routing key";
            case "dead-letter-strategy" -> oneOf(v, "at-most-once", "at-least-once") ? null
                    : "is not a valid dead letter strategy";
            case "message-ttl" -> atLeast(v, 0) ? null : "is not a valid message TTL";
            case "expires" -> atLeast(v, 1) ? null : "is not a valid queue expiry";
            case "max-length" -> atLeast(v, 0) ? null : "is not a valid maximum length";
            case "max-length-bytes" -> atLeast(v, 0) ? null : "is not a valid maximum length in bytes";
            case "max-in-memory-length" -> atLeast(v, 0) ? null : "is not a valid maximum memory length";
            case "max-in-memory-bytes" -> atLeast(v, 0) ? null : "is not a valid maximum memory in bytes";
            case "delivery-limit" -> atLeast(v, 0) ? null : "is not a valid delivery limit";
            case "overflow" -> v instanceof String s && OVERFLOW.contains(s) ? null : "is not a valid overflow value";
            case "queue-mode" -> oneOf(v, "default", "lazy") ? null : "is not a valid queue-mode value";
            case "queue-version" -> isIntegral(v) && (((Number) v).longValue() == 1 || ((Number) v).longValue() == 2)
                    ? null : "is not a valid queue-version value";
            case "queue-master-locator" -> oneOf(v, "client-local", "min-masters", "random") ? null
                    : "invalid queue-master-locator value";
            case "max-age" -> v instanceof String s && StreamArguments.intervalMillis(s) > 0 ? null
                    : "is not a valid value for max-age (a positive integer followed by Y, M, D, h, m or s)";
            case "stream-max-segment-size-bytes" -> atLeast(v, 0) ? null : "is not a valid segment size";
            case "ha-mode" -> oneOf(v, "all", "exactly", "nodes") ? null : "is not a valid ha-mode value";
            case "ha-sync-mode" -> oneOf(v, "manual", "automatic") ? null : "is not a valid ha-sync-mode value";
            default -> null;
        };
        if (problem != null) {
            throw InvalidPolicyException.validation(erlang(v) + " " + problem);
        }
    }

    private static boolean oneOf(Object v, String... allowed) {
        return v instanceof String s && List.of(allowed).contains(s);
    }

    private static boolean atLeast(Object v, long min) {
        return isIntegral(v) && ((Number) v).longValue() >= min;
    }

    static boolean isIntegral(Object v) {
        return v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long;
    }

    /** A value as RabbitMQ prints it in a reason: strings as Erlang binaries, lists and maps as Erlang terms. */
    static String erlang(Object v) {
        if (v instanceof String s) {
            return "<<\"" + s + "\">>";
        } else if (v instanceof List<?> list) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            list.forEach(e -> j.add(erlang(e)));
            return j.toString();
        } else if (v instanceof Map<?, ?> map) {
            StringJoiner j = new StringJoiner(",", "#{", "}");
            map.forEach((k, e) -> j.add(erlang(k) + " => " + erlang(e)));
            return j.toString();
        }
        return String.valueOf(v);
    }
}
