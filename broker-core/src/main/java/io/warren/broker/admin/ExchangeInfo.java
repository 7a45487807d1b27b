package io.warren.broker.admin;

import java.util.Map;

/**
 * An exchange definition with its counters; the default exchange has the name "". {@code publishIn} counts
 * messages published into it, {@code publishOut} the queue deliveries they were routed to (RabbitMQ's names).
 * {@code policy} names the policy in force, or is null.
 */
public record ExchangeInfo(String vhost, String name, String type, boolean durable, boolean autoDelete,
                           boolean internal, Map<String, Object> arguments, long publishIn, long publishOut,
                           String policy) {
}
