package io.warren.broker.admin;

import java.util.Map;

/**
 * A policy as the HTTP API and definitions files show it (RabbitMQ's fields: {@code apply-to} is "queues",
 * "exchanges" or "all"; the highest {@code priority} among the matching policies applies).
 */
public record PolicyInfo(String vhost, String name, String pattern, String applyTo, int priority,
                         Map<String, Object> definition) {
}
