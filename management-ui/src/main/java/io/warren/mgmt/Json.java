package io.warren.mgmt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The thin JSON layer of the management API (Jackson): request bodies become plain maps and lists, responses are
 * written from maps, lists and records. Thread-safe (one shared, never reconfigured mapper).
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Any JSON value as text. */
    static String text(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** JSON text, which this process wrote, as a value (maps, lists, strings, numbers, booleans, null). */
    static Object parse(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON does not parse: " + json, e);
        }
    }

    /** A request body that must be a JSON object; an empty body is an empty object (as RabbitMQ). */
    static Map<String, Object> readObject(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            Object v = MAPPER.readValue(body, Object.class);
            if (v == null) {
                return Map.of();
            }
            if (!(v instanceof Map<?, ?>)) {
                throw ApiError.badRequest("expected a JSON object");
            }
            return MAPPER.convertValue(v, OBJECT);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- typed access to request fields, with RabbitMQ-like 400s ----

    static String string(Map<String, Object> m, String key, String dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest(key + ": " + v + " (expected: a string)");
        }
        return s;
    }

    static String requiredString(Map<String, Object> m, String key) {
        String s = string(m, key, null);
        if (s == null) {
            throw ApiError.badRequest("[{key_missing," + key + "}]");
        }
        return s;
    }

    /** Booleans as JSON booleans or the strings "true"/"false" (RabbitMQ accepts both). */
    static boolean bool(Map<String, Object> m, String key, boolean dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return "true".equals(v);
        }
        throw ApiError.badRequest(key + ": " + v + " (expected: true or false)");
    }

    static int integer(Map<String, Object> m, String key, int dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(key + ": " + v + " (expected: an integer)");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw ApiError.badRequest(key + ": " + v + " (expected: an object)");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof Map))) {
            throw ApiError.badRequest(key + ": expected a list of objects");
        }
        return (List<Map<String, Object>>) v;
    }

    /** Tags as a list or as RabbitMQ's older comma-separated string. */
    static List<String> tags(Map<String, Object> m) {
        Object v = m.get("tags");
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).filter(s -> !s.isBlank()).toList();
        }
        return List.of(v.toString().split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
