package io.warren.exchange;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Equality rules for field-table values (the Java types listed on {@link HeaderView}).
 * <ul>
 *   <li>{@link #same}: identity of binding arguments. Strict: same Java type and value, with arrays, maps and lists
 *   compared by content.</li>
 *   <li>{@link #matches}: a headers-exchange binding value against a message header value. RabbitMQ compares the
 *   two Erlang terms with {@code ==} and ignores the AMQP type tags, so: integral numbers ({@code Byte, Short,
 *   Integer, Long}) compare by value whatever their width; an integral and a floating-point number, or two
 *   floating-point numbers, compare by {@code double} value ({@code 1 == 1.0} holds in Erlang; a {@code float}
 *   field is widened exactly as RabbitMQ widens it); {@code String} and {@code byte[]} are both Erlang binaries, so
 *   they compare by UTF-8 bytes; {@code BigDecimal} (AMQP decimal, a {scale, value} tuple in RabbitMQ) compares only
 *   to a {@code BigDecimal} with the same scale and unscaled value ({@code BigDecimal.equals}); nested tables and
 *   arrays compare with {@link #same}, since RabbitMQ keeps their type tags inside the compared term; anything else
 *   by {@code equals}.</li>
 * </ul>
 * <p>Thread-safety: stateless.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** Strict, content-based equality (binding identity). */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Object[] x && b instanceof Object[] y) {
            return sameLists(Arrays.asList(x), Arrays.asList(y));
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return sameMaps(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return sameLists(x, y);
        }
        return a.equals(b);
    }

    /** A hash code consistent with {@link #same}. */
    static int hash(Object v) {
        if (v instanceof byte[] x) {
            return Arrays.hashCode(x);
        }
        if (v instanceof Object[] x) {
            return hashList(Arrays.asList(x));
        }
        if (v instanceof Map<?, ?> m) {
            int h = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                h += Objects.hashCode(e.getKey()) ^ hash(e.getValue());
            }
            return h;
        }
        if (v instanceof List<?> l) {
            return hashList(l);
        }
        return Objects.hashCode(v);
    }

    /** Whether a binding value matches a header value, with RabbitMQ's loose typing (see the class comment). */
    static boolean matches(Object bindingValue, Object headerValue) {
        if (bindingValue == null || headerValue == null) {
            return bindingValue == headerValue;
        }
        if (isIntegral(bindingValue) && isIntegral(headerValue)) {
            return ((Number) bindingValue).longValue() == ((Number) headerValue).longValue();
        }
        if (isNumeric(bindingValue) && isNumeric(headerValue)) {
            return ((Number) bindingValue).doubleValue() == ((Number) headerValue).doubleValue();
        }
        if (bindingValue instanceof String s && headerValue instanceof byte[] bytes) {
            return Arrays.equals(s.getBytes(StandardCharsets.UTF_8), bytes);
        }
        if (bindingValue instanceof byte[] bytes && headerValue instanceof String s) {
            return Arrays.equals(bytes, s.getBytes(StandardCharsets.UTF_8));
        }
        return same(bindingValue, headerValue);
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    /** Integral or binary floating point; deliberately not {@code BigDecimal}, which is a Number too. */
    private static boolean isNumeric(Object v) {
        return isIntegral(v) || v instanceof Double || v instanceof Float;
    }

    private static boolean sameMaps(Map<?, ?> x, Map<?, ?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        for (Map.Entry<?, ?> e : x.entrySet()) {
            Object other = y.get(e.getKey());
            if (other == null && !y.containsKey(e.getKey()) || !same(e.getValue(), other)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameLists(List<?> x, List<?> y) {
        if (x.size() != y.size()) {
            return false;
        }
        Iterator<?> i = x.iterator();
        Iterator<?> j = y.iterator();
        while (i.hasNext()) {
            if (!same(i.next(), j.next())) {
                return false;
            }
        }
        return true;
    }

    private static int hashList(List<?> l) {
        int h = 1;
        for (Object o : l) {
            h = 31 * h + hash(o);
        }
        return h;
    }
}
