package io.warren.broker.channel;

import io.warren.codec.AmqpException;
import io.warren.codec.types.FieldTable;
import io.warren.codec.types.FieldTypes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sender-selected distribution (RabbitMQ's CC and BCC headers): extra routing keys carried in the message. Each
 * header holds an array of strings; the message is routed with its routing key and every extra key, reaching
 * each queue once. BCC is removed before delivery. Stateless.
 */
final class SenderSelected {
    static final String CC = "CC";
    static final String BCC = "BCC";

    private SenderSelected() {
    }

    static List<String> keys(FieldTable headers) {
        if (headers == null || headers.isEmpty()) {
            return List.of();
        }
        List<String> keys = null;
        for (String h : new String[] {CC, BCC}) {
            Object value = headers.get(h);
            if (value == null && !headers.containsKey(h)) {
                continue;
            }
            if (!(value instanceof List<?> values)) {
                // RabbitMQ (rabbit_basic:header_routes) only accepts an array of strings here.
                throw AmqpException.preconditionFailed("invalid message: {unacceptable_type_in_header,%s,%s}",
                        FieldTypes.name(value), h);
            }
            for (Object v : values) {
                String key = v instanceof String s ? s
                        : v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
                if (key != null) {
                    if (keys == null) {
                        keys = new ArrayList<>();
                    }
                    keys.add(key);
                }
            }
        }
        return keys == null ? List.of() : keys;
    }
}
