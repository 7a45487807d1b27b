package io.warren.store.meta;

import java.util.Map;
import java.util.Objects;

/**
 * A durable exchange.
 *
 * @param arguments {@code x-*} arguments as JDK values (see {@link ValueCodec} for the supported types); copied
 *                  shallowly and unmodifiable. Equality of {@code byte[]} values is by identity: compare with
 *                  {@link ValueCodec#deepEquals(Object, Object)}.
 */
public record ExchangeDef(String vhost, String name, String type, boolean durable, boolean autoDelete,
                          boolean internal, Map<String, Object> arguments) {
    public ExchangeDef {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        arguments = ValueCodec.copyOf(arguments);
    }
}
