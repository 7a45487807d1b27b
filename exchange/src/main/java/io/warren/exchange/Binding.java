package io.warren.exchange;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One binding of an exchange: destination, binding key and binding arguments.
 * <p>Arguments are copied (shallowly) into an unmodifiable map that keeps void ({@code null}) values. Equality is
 * by value: destination and key by {@code equals}, arguments as maps whose values compare strictly by type and
 * value ({@code Integer 1} differs from {@code Long 1}, as typed field-table entries do in RabbitMQ) except that
 * arrays ({@code byte[]}) and nested tables compare by content. That is {@code Map.equals} semantics made safe for
 * {@code byte[]} values, which would otherwise compare by identity and make an unbind miss its binding.
 * <p>Thread-safety: immutable as long as nobody mutates nested argument values.
 *
 * @param <D> the destination type
 */
public record Binding<D>(D destination, String key, Map<String, Object> arguments) {

    public Binding {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(key, "key");
        arguments = arguments == null || arguments.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binding<?> b
                && destination.equals(b.destination)
                && key.equals(b.key)
                && FieldValues.same(arguments, b.arguments);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * destination.hashCode() + key.hashCode()) + FieldValues.hash(arguments);
    }
}
