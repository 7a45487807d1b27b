package io.warren.store.meta;

import java.util.Objects;

/**
 * A user's permissions in one vhost: three regular expressions, as in RabbitMQ.
 *
 * @param user      user name
 * @param vhost     vhost name
 * @param configure resources the user may declare and delete
 * @param write     resources the user may publish to or bind to
 * @param read      resources the user may consume from or bind from
 */
public record PermissionDef(String user, String vhost, String configure, String write, String read) {
    public PermissionDef {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(vhost, "vhost");
        Objects.requireNonNull(configure, "configure");
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(read, "read");
    }
}
