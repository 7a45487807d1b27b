package io.warren.broker.admin;

import java.util.Map;

/**
 * A message fetched by {@link BrokerAdmin#get}: the body (possibly truncated) and what basic.get-ok carries.
 * {@code properties} uses RabbitMQ's JSON names (content_type, delivery_mode, headers, ...).
 */
public record GotMessage(byte[] payload, int payloadBytes, boolean redelivered, String exchange, String routingKey,
                         int messageCount, Map<String, Object> properties) {
}
