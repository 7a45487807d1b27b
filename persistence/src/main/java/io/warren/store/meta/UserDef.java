package io.warren.store.meta;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A user.
 *
 * @param name             user name
 * @param passwordHash     salted hash, encoded as the broker chooses (for example base64 as RabbitMQ exports it);
 *                         empty for a user without password
 * @param hashingAlgorithm names the hash ({@code rabbit_password_hashing_sha256} style)
 * @param tags             management tags ({@code administrator}, {@code monitoring}, ...)
 * @param limits           RabbitMQ's user limits by name ({@code max-connections}, {@code max-channels})
 */
public record UserDef(String name, String passwordHash, String hashingAlgorithm, List<String> tags,
                      Map<String, Long> limits) {
    public UserDef {
        Objects.requireNonNull(name, "name");
        passwordHash = passwordHash == null ? "" : passwordHash;
        hashingAlgorithm = hashingAlgorithm == null ? "" : hashingAlgorithm;
        tags = List.copyOf(tags == null ? List.of() : tags);
        limits = limits == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(limits));
    }

    public UserDef(String name, String passwordHash, String hashingAlgorithm, List<String> tags) {
        this(name, passwordHash, hashingAlgorithm, tags, Map.of());
    }

    public UserDef withLimits(Map<String, Long> newLimits) {
        return new UserDef(name, passwordHash, hashingAlgorithm, tags, newLimits);
    }
}
