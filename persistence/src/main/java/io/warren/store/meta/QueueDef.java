package io.warren.store.meta;

import java.util.Map;
import java.util.Objects;

/**
 * A durable queue or stream.
 *
 * @param exclusive always false for stored queues (exclusive queues die with their connection); kept so that the
 *                  record mirrors {@code queue.declare}
 * @param arguments {@code x-*} arguments as JDK values, as in {@link ExchangeDef}
 * @param type      {@code classic} or {@code stream}
 */
public record QueueDef(String vhost, String name, boolean durable, boolean exclusive, boolean autoDelete,
                       Map<String, Object> arguments, String type) {
    public static final String CLASSIC = "classic";
    public static final String STREAM = "stream";

    public QueueDef {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(name, "name");
        arguments = ValueCodec.copyOf(arguments);
        type = type == null ? CLASSIC : type;
    }
}
