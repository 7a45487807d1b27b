package io.warren.broker.admin;

import java.util.Map;

/** An exchange definition; the default exchange has the name "". */
public record ExchangeInfo(String vhost, String name, String type, boolean durable, boolean autoDelete,
                           boolean internal, Map<String, Object> arguments) {
}
