package io.warren.broker.admin;

/** A user's configure/write/read regular expressions on one vhost. */
public record PermissionInfo(String user, String vhost, String configure, String write, String read) {
}
