package io.warren.exchange;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compiled match rule of one headers-exchange binding, built at bind time from its arguments.
 * <p>{@code x-match} selects the rule: {@code all} (the default when absent), {@code any}, {@code all-with-x} or
 * {@code any-with-x}; any other value, or a value that is not a string, is an {@link InvalidBindingException} with
 * RabbitMQ's wording. {@code x-match} itself never takes part in matching; other arguments whose name starts with
 * {@code x-} are ignored except by the {@code -with-x} variants.
 * <p>Each remaining argument is a condition on the message header with the same name. A void ({@code null}) value
 * only requires the header to be present (with any value, void included); any other value requires an equal header
 * value by {@link FieldValues#matches}. {@code all} requires every condition, so with no condition it matches every
 * message, headers or not; {@code any} requires one, so with no condition it matches nothing. This is RabbitMQ's
 * {@code rabbit_exchange_type_headers} behaviour.
 * <p>Thread-safety: immutable.
 */
final class HeadersMatch {
    static final String X_MATCH = "x-match";

    private final boolean all;
    private final String[] keys;
    private final Object[] values;

    private HeadersMatch(boolean all, String[] keys, Object[] values) {
        this.all = all;
        this.keys = keys;
        this.values = values;
    }

    /**
     * Compiles binding arguments (null means none).
     *
     * @throws InvalidBindingException on an invalid {@code x-match}
     */
    static HeadersMatch compile(Map<String, Object> arguments) {
        if (arguments == null || arguments.isEmpty()) {
            return new HeadersMatch(true, new String[0], new Object[0]);
        }
        String mode = arguments.containsKey(X_MATCH) ? modeName(arguments.get(X_MATCH)) : "all";
        boolean withX;
        boolean all;
        switch (mode) {
            case "all" -> { all = true; withX = false; }
            case "any" -> { all = false; withX = false; }
            case "all-with-x" -> { all = true; withX = true; }
            case "any-with-x" -> { all = false; withX = true; }
            default -> throw new InvalidBindingException("Invalid x-match field value <<\"" + mode
                    + "\">>; expected all, any, all-with-x, or any-with-x");
        }
        List<String> keys = new ArrayList<>(arguments.size());
        List<Object> values = new ArrayList<>(arguments.size());
        arguments.forEach((k, v) -> {
            if (!k.equals(X_MATCH) && (withX || !k.startsWith("x-"))) {
                keys.add(k);
                values.add(v);
            }
        });
        return new HeadersMatch(all, keys.toArray(new String[0]), values.toArray());
    }

    private static String modeName(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] b) {            // a longstr the codec left undecoded
            return new String(b, StandardCharsets.UTF_8);
        }
        throw new InvalidBindingException("Invalid x-match field type " + amqpTypeName(value) + " (value "
                + (value == null ? "undefined" : value) + "); expected longstr");
    }

    /** RabbitMQ's name for the field type that the codec maps to {@code value}'s Java type, for error texts. */
    private static String amqpTypeName(Object value) {
        if (value == null) {
            return "void";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Byte) {
            return "byte";
        }
        if (value instanceof Short) {
            return "short";
        }
        if (value instanceof Integer) {
            return "signedint";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Float) {
            return "float";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof BigDecimal) {
            return "decimal";
        }
        if (value instanceof Map) {
            return "table";
        }
        if (value instanceof List) {
            return "array";
        }
        return value.getClass().getSimpleName();
    }

    /** Whether a message with {@code headers} satisfies this rule. Allocation-free for indexed header views. */
    boolean matches(HeaderView headers) {
        for (int i = 0; i < keys.length; i++) {
            boolean hit = condition(i, headers);
            if (hit != all) {           // all: the first miss decides; any: the first hit decides
                return hit;
            }
        }
        return all;
    }

    private boolean condition(int i, HeaderView headers) {
        Object expected = values[i];
        if (expected == null) {
            return headers.containsKey(keys[i]);
        }
        Object actual = headers.get(keys[i]);
        return actual != null && FieldValues.matches(expected, actual);
    }
}
