package io.warren.broker.admin;

import java.util.Map;

/**
 * A binding. {@code destinationType} is "queue" or "exchange"; {@code propertiesKey} identifies it among the
 * bindings between the same two ends, as RabbitMQ's HTTP API does ({@code ~} for an empty key without
 * arguments, the URL-quoted key otherwise, plus {@code ~hash} of the arguments when there are any).
 */
public record BindingInfo(String vhost, String source, String destination, String destinationType,
                          String routingKey, Map<String, Object> arguments, String propertiesKey) {
}
