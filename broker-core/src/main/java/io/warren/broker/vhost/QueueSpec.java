package io.warren.broker.vhost;

import java.util.Map;

/** A validated queue.declare request (the name is already generated for server-named queues). */
public record QueueSpec(String name, boolean durable, boolean exclusive, boolean autoDelete,
                        Map<String, Object> arguments) {
    public QueueSpec {
        arguments = arguments == null ? Map.of() : arguments;
    }
}
