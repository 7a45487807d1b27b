package io.warren.store.meta;

import java.util.Map;
import java.util.Objects;

/**
 * A RabbitMQ policy: a regular expression over queue or exchange names, what it applies to, its priority (of the
 * policies that match a name, the one with the highest priority wins) and its definition. An operator policy
 * (RabbitMQ's {@code set_operator_policy}) is kept apart from the policies of the same vhost: the two kinds have
 * separate names and each object may have one of each.
 *
 * @param vhost      vhost name
 * @param name       policy name, unique within its vhost
 * @param pattern    regular expression matched against queue or exchange names
 * @param applyTo    {@code queues}, {@code exchanges} or {@code all}
 * @param priority   the highest-priority matching policy wins
 * @param definition keys such as {@code message-ttl} or {@code max-length}, values as JDK values (see
 *                   {@link ValueCodec} for the supported types); copied shallowly and unmodifiable, as
 *                   {@link ExchangeDef#arguments()}
 * @param operator   whether this is an operator policy
 */
public record PolicyDef(String vhost, String name, String pattern, String applyTo, int priority,
                        Map<String, Object> definition, boolean operator) {
    public PolicyDef {
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(applyTo, "applyTo");
        definition = ValueCodec.copyOf(definition);
    }

    /** A (non-operator) policy. */
    public PolicyDef(String vhost, String name, String pattern, String applyTo, int priority,
                     Map<String, Object> definition) {
        this(vhost, name, pattern, applyTo, priority, definition, false);
    }
}
