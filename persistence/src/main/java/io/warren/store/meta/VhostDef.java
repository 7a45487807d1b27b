package io.warren.store.meta;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A virtual host definition.
 *
 * @param name             the vhost name ({@code /} by default)
 * @param description      free text, may be empty
 * @param tags             free-form tags (RabbitMQ's vhost tags)
 * @param defaultQueueType queue type used when a declare names none ({@code classic} or {@code stream})
 * @param limits           RabbitMQ's vhost limits by name ({@code max-connections}, {@code max-queues}); a
 *                         negative value is set but unlimited, as RabbitMQ keeps it
 */
public record VhostDef(String name, String description, List<String> tags, String defaultQueueType,
                       Map<String, Long> limits) {
    public VhostDef {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        tags = List.copyOf(tags == null ? List.of() : tags);
        defaultQueueType = defaultQueueType == null ? "classic" : defaultQueueType;
        limits = limits == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(limits));
    }

    public VhostDef(String name, String description, List<String> tags, String defaultQueueType) {
        this(name, description, tags, defaultQueueType, Map.of());
    }

    /** A vhost with no description, tags or limits and classic queues by default. */
    public static VhostDef named(String name) {
        return new VhostDef(name, "", List.of(), "classic");
    }

    public VhostDef withLimits(Map<String, Long> newLimits) {
        return new VhostDef(name, description, tags, defaultQueueType, newLimits);
    }
}
