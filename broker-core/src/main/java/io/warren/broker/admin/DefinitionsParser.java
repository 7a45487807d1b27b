package io.warren.broker.admin;

/**
 * Reads a definitions file (RabbitMQ's JSON) into {@link Definitions}. broker-core has no JSON library: the
 * management module provides the implementation through {@link java.util.ServiceLoader}, and the broker uses it
 * for {@code load_definitions} at boot.
 */
public interface DefinitionsParser {
    /** The definitions in {@code json}; throws {@link IllegalArgumentException} saying what is wrong. */
    Definitions parse(byte[] json);
}
