package io.warren.store.meta;

import java.util.List;
import java.util.Objects;

/**
 * A virtual host definition.
 *
 * @param name             the vhost name ({@code /} by default)
 * @param description      free text, may be empty
 * @param tags             free-form tags (RabbitMQ's vhost tags)
 * @param defaultQueueType queue type used when a declare names none ({@code classic} or {@code stream})
 */
public record VhostDef(String name, String description, List<String> tags, String defaultQueueType) {
    public VhostDef {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        tags = List.copyOf(tags == null ? List.of() : tags);
        defaultQueueType = defaultQueueType == null ? "classic" : defaultQueueType;
    }

    /** A vhost with no description or tags and classic queues by default. */
    public static VhostDef named(String name) {
        return new VhostDef(name, "", List.of(), "classic");
    }
}
