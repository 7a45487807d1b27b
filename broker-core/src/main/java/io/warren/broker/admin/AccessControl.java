package io.warren.broker.admin;

import io.warren.broker.Broker;
import io.warren.broker.security.Users;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Users and permissions for {@link BrokerAdmin}, over the broker's {@link Users} (the same objects AMQP logins
 * check, so changes apply to the next connection at once). Changes go through the broker, which stores them;
 * each call returns once the change is on disk. Thread-safe.
 */
final class AccessControl {
    private final Broker broker;
    private final Users users;

    AccessControl(Broker broker) {
        this.broker = broker;
        this.users = broker.users();
    }

    List<UserInfo> users() {
        List<UserInfo> out = new ArrayList<>();
        for (Users.User u : users.all()) {
            out.add(info(u));
        }
        out.sort(Comparator.comparing(UserInfo::name));
        return out;
    }

    UserInfo user(String name) {
        Users.User u = users.user(name);
        return u == null ? null : info(u);
    }

    boolean putUser(String name, String password, String passwordHash, List<String> tags) {
        if (name == null || name.isEmpty()) {
            throw AdminException.badRequest("user name must not be empty");
        }
        Users.User existing = users.user(name);
        String hash = password != null ? Users.hash(password)
                : passwordHash != null ? passwordHash
                : existing != null ? existing.passwordHash() : "";
        MessageOps.await(broker.putUser(name, hash, tags));
        return existing == null;
    }

    boolean deleteUser(String name) {
        if (users.user(name) == null) {
            return false;
        }
        MessageOps.await(broker.deleteUser(name));
        return true;
    }

    UserInfo authenticate(String name, String password, SocketAddress peer) {
        Users.User u = users.authenticate(name, password, peer);
        return u == null ? null : info(u);
    }

    List<PermissionInfo> permissions() {
        List<PermissionInfo> out = new ArrayList<>();
        for (Users.Permission p : users.permissions()) {
            out.add(info(p));
        }
        out.sort(Comparator.comparing(PermissionInfo::vhost).thenComparing(PermissionInfo::user));
        return out;
    }

    PermissionInfo permission(String vhost, String user) {
        Users.Permission p = users.permission(user, vhost);
        return p == null ? null : info(p);
    }

    /** The vhost must already be checked by the caller. */
    boolean setPermission(PermissionInfo p) {
        if (users.user(p.user()) == null) {
            throw AdminException.badRequest("no user '%s'", p.user());
        }
        for (String re : List.of(p.configure(), p.write(), p.read())) {
            try {
                Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw AdminException.badRequest("invalid regular expression '%s'", re);
            }
        }
        boolean created = users.permission(p.user(), p.vhost()) == null;
        MessageOps.await(broker.setPermission(new Users.Permission(p.user(), p.vhost(), p.configure(), p.write(),
                p.read())));
        return created;
    }

    boolean clearPermission(String vhost, String user) {
        boolean existed = users.permission(user, vhost) != null;
        if (existed) {
            MessageOps.await(broker.clearPermission(user, vhost));
        }
        return existed;
    }

    private static UserInfo info(Users.User u) {
        return new UserInfo(u.name(), u.passwordHash(), u.tags());
    }

    private static PermissionInfo info(Users.Permission p) {
        return new PermissionInfo(p.user(), p.vhost(), p.configure(), p.write(), p.read());
    }
}
