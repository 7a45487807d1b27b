package io.warren.broker.admin;

import java.util.Map;

/**
 * A policy as the HTTP API and definitions files show it (RabbitMQ's fields: {@code apply-to} is "queues",
 * "exchanges" or "all"; the highest {@code priority} among the matching policies applies); {@code operator} for an
 * operator policy.
 */
public record PolicyInfo(String vhost, String name, String pattern, String applyTo, int priority,
                         Map<String, Object> definition, boolean operator) {
    /** A (non-operator) policy. */
    public PolicyInfo(String vhost, String name, String pattern, String applyTo, int priority,
                      Map<String, Object> definition) {
        this(vhost, name, pattern, applyTo, priority, definition, false);
    }
}
