package io.warren.broker.channel;

import io.warren.codec.types.FieldTable;

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
            if (headers.get(h) instanceof List<?> values) {
                for (Object v : values) {
                    if (v instanceof String s) {
                        if (keys == null) {
                            keys = new ArrayList<>();
                        }
                        keys.add(s);
                    } else if (v instanceof byte[] b) {
                        if (keys == null) {
                            keys = new ArrayList<>();
                        }
                        keys.add(new String(b, java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return keys == null ? List.of() : keys;
    }
}
