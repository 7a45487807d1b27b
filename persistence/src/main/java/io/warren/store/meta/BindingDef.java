package io.warren.store.meta;

import java.util.Map;
import java.util.Objects;

/**
 * A binding from exchange {@code source} to a queue or (exchange-to-exchange) an exchange. Two bindings are the
 * same when all fields are equal, arguments compared by value (AMQP 0-9-1 §1.7.3 / RabbitMQ semantics).
 *
 * @param destinationIsQueue true for a queue, false for an exchange
 * @param arguments          binding arguments as JDK values, as in {@link ExchangeDef}
 */
public record BindingDef(String vhost, String source, String destination, boolean destinationIsQueue,
                         String routingKey, Map<String, Object> arguments) {
    public BindingDef {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(routingKey, "routingKey");
        arguments = ValueCodec.copyOf(arguments);
    }
}
