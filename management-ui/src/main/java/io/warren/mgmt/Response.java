package io.warren.mgmt;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response before it is written: status, content type, body and extra headers. Immutable. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";

    static Response json(Object value) {
        return json(200, value);
    }

    static Response json(int status, Object value) {
        return new Response(status, JSON, Json.write(value), Map.of());
    }

    static Response text(int status, String contentType, String text) {
        return new Response(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response noContent() {
        return new Response(204, null, new byte[0], Map.of());
    }

    /** 201 for something created, 204 for something that already existed (RabbitMQ's PUT answers). */
    static Response createdOrNot(boolean created) {
        return created ? new Response(201, null, new byte[0], Map.of()) : noContent();
    }

    Response withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return new Response(status, contentType, body, all);
    }
}
