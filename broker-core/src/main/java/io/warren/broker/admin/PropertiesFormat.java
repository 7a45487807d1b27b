package io.warren.broker.admin;

import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.FieldTable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts message properties and field-table values between the broker's types and the plain values JSON
 * carries, with RabbitMQ's property names ({@code rabbit_mgmt_format:basic_properties}). Stateless.
 */
final class PropertiesFormat {
    private PropertiesFormat() {
    }

    /** Properties as RabbitMQ's HTTP API shows them: absent properties are left out. */
    static Map<String, Object> toMap(BasicProperties p) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "content_type", p.contentType());
        put(m, "content_encoding", p.contentEncoding());
        if (p.headers() != null) {
            m.put("headers", plain(p.headers()));
        }
        put(m, "delivery_mode", p.deliveryMode());
        put(m, "priority", p.priority());
        put(m, "correlation_id", p.correlationId());
        put(m, "reply_to", p.replyTo());
        put(m, "expiration", p.expiration());
        put(m, "message_id", p.messageId());
        put(m, "timestamp", p.timestamp());
        put(m, "type", p.type());
        put(m, "user_id", p.userId());
        put(m, "app_id", p.appId());
        put(m, "cluster_id", p.clusterId());
        return m;
    }

    /** Properties from the JSON of a publish request; integers must be integers, the rest strings. */
    @SuppressWarnings("unchecked")
    static BasicProperties fromMap(Map<String, Object> m) {
        if (m == null || m.isEmpty()) {
            return BasicProperties.EMPTY;
        }
        BasicProperties.Builder b = BasicProperties.builder();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            switch (e.getKey()) {
                case "content_type" -> b.contentType(string(e));
                case "content_encoding" -> b.contentEncoding(string(e));
                case "headers" -> {
                    if (!(v instanceof Map<?, ?> h)) {
                        throw AdminException.badRequest("headers: %s (expected: an object)", v);
                    }
                    b.headers(FieldTable.of((Map<String, ?>) h));
                }
                case "delivery_mode" -> b.deliveryMode(octet(e));
                case "priority" -> b.priority(octet(e));
                case "correlation_id" -> b.correlationId(string(e));
                case "reply_to" -> b.replyTo(string(e));
                case "expiration" -> b.expiration(string(e));
                case "message_id" -> b.messageId(string(e));
                case "timestamp" -> {
                    if (!(v instanceof Number n)) {
                        throw AdminException.badRequest("timestamp: %s (expected: an integer)", v);
                    }
                    b.timestamp(n.longValue());
                }
                case "type" -> b.type(string(e));
                case "user_id" -> b.userId(string(e));
                case "app_id" -> b.appId(string(e));
                case "cluster_id" -> b.clusterId(string(e));
                default -> { } // RabbitMQ ignores unknown keys
            }
        }
        return b.build();
    }

    /** A field table (or any field value) as JSON-friendly values: maps, lists, strings, numbers, booleans. */
    static Object plain(Object v) {
        if (v instanceof FieldTable t) {
            return plainMap(t.asMap());
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(plain(x)));
            return out;
        } else if (v instanceof Object[] array) {
            return plain(List.of(array));
        } else if (v instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        } else if (v instanceof Instant t) {
            return t.getEpochSecond();
        } else if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v;
    }

    static Map<String, Object> plainMap(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m != null) {
            m.forEach((k, x) -> out.put(k, plain(x)));
        }
        return out;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String string(Map.Entry<String, Object> e) {
        if (!(e.getValue() instanceof String s)) {
            throw AdminException.badRequest("%s: %s (expected: a string)", e.getKey(), e.getValue());
        }
        return s;
    }

    private static Integer octet(Map.Entry<String, Object> e) {
        if (!(e.getValue() instanceof Number n) || n.longValue() < 0 || n.longValue() > 255) {
            throw AdminException.badRequest("%s: %s (expected: an integer 0..255)", e.getKey(), e.getValue());
        }
        return n.intValue();
    }
}
