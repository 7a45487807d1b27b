package io.warren.store.meta;

import java.util.List;
import java.util.Objects;

/**
 * A user.
 *
 * @param name             user name
 * @param passwordHash     salted hash, encoded as the broker chooses (for example base64 as RabbitMQ exports it);
 *                         empty for a user without password
 * @param hashingAlgorithm names the hash ({@code rabbit_password_hashing_sha256} style)
 * @param tags             management tags ({@code administrator}, {@code monitoring}, ...)
 */
public record UserDef(String name, String passwordHash, String hashingAlgorithm, List<String> tags) {
    public UserDef {
        Objects.requireNonNull(name, "name");
        passwordHash = passwordHash == null ? "" : passwordHash;
        hashingAlgorithm = hashingAlgorithm == null ? "" : hashingAlgorithm;
        tags = List.copyOf(tags == null ? List.of() : tags);
    }
}
