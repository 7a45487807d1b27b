package io.warren.broker.vhost;

import io.warren.exchange.ExchangeType;

import java.util.Map;

/** A validated exchange.declare request. */
public record ExchangeSpec(String name, ExchangeType type, boolean durable, boolean autoDelete, boolean internal,
                           Map<String, Object> arguments) {
    public ExchangeSpec {
        arguments = arguments == null ? Map.of() : arguments;
    }
}
