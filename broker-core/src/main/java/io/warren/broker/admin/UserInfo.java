package io.warren.broker.admin;

import java.util.List;

/**
 * A user. {@code passwordHash} is RabbitMQ's format (base64 of salt + SHA-256), so it moves between RabbitMQ's
 * definitions files and Warren unchanged; {@link #HASHING_ALGORITHM} names it.
 */
public record UserInfo(String name, String passwordHash, List<String> tags) {
    public static final String HASHING_ALGORITHM = "rabbit_password_hashing_sha256";
}
