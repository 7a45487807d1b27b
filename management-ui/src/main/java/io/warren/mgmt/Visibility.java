package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.PermissionInfo;
import io.warren.broker.admin.UserInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What a management user may see, by RabbitMQ's rules ({@code rabbit_mgmt_util}, {@code
 * rabbit_web_dispatch_access_control}). An {@code administrator} sees everything. Any other user sees the queues,
 * exchanges and bindings of the vhosts they have a permission in (their "login" vhosts), even with the
 * {@code monitoring} tag, and gets 401 {@code not_authorised} for a path naming another vhost. Connections,
 * channels and consumers are filtered by user, not vhost: {@code monitoring} (and {@code administrator}) see
 * everyone's, other users only their own. The list of vhosts shows all of them to {@code monitoring}.
 * Stateless; thread-safe.
 */
final class Visibility {
    static final String VHOST_REFUSED = "User not authorised to access virtual host";
    static final String OBJECT_REFUSED = "User not authorised to access object";

    private final BrokerAdmin admin;

    Visibility(BrokerAdmin admin) {
        this.admin = admin;
    }

    static boolean isAdmin(UserInfo u) {
        return u.tags().contains("administrator");
    }

    static boolean isMonitor(UserInfo u) {
        return isAdmin(u) || u.tags().contains("monitoring");
    }

    /** The vhosts the user has a permission in. */
    Set<String> loginVhosts(UserInfo u) {
        Set<String> out = new HashSet<>();
        for (PermissionInfo p : admin.permissions()) {
            if (p.user().equals(u.name())) {
                out.add(p.vhost());
            }
        }
        return out;
    }

    /**
     * For a path naming {@code vhost}: refuses a non-administrator without a permission there, with
     * {@code reason} ({@link #VHOST_REFUSED} or {@link #OBJECT_REFUSED}). A vhost that does not exist passes, so
     * that the request answers 404 as in RabbitMQ.
     */
    void requireVhost(UserInfo u, String vhost, String reason) {
        if (!isAdmin(u) && admin.vhostExists(vhost) && admin.permission(vhost, u.name()) == null) {
            throw ApiError.notAuthorised(reason);
        }
    }

    /** Queues, exchanges, bindings: all for an administrator, else those in the user's login vhosts. */
    <T> List<T> inLoginVhosts(UserInfo u, List<T> items, Function<T, String> vhostOf) {
        if (isAdmin(u)) {
            return items;
        }
        Set<String> allowed = loginVhosts(u);
        List<T> out = new ArrayList<>();
        for (T item : items) {
            if (allowed.contains(vhostOf.apply(item))) {
                out.add(item);
            }
        }
        return out;
    }

    /** The vhosts list: all for {@code monitoring}, else the user's login vhosts. */
    <T> List<T> visibleVhosts(UserInfo u, List<T> vhosts, Function<T, String> nameOf) {
        return isMonitor(u) ? vhosts : inLoginVhosts(u, vhosts, nameOf);
    }

    /** Connections, channels, consumers: all for {@code monitoring}, else the user's own. */
    <T> List<T> ownUnlessMonitor(UserInfo u, List<T> items, Function<T, String> userOf) {
        if (isMonitor(u)) {
            return items;
        }
        List<T> out = new ArrayList<>();
        for (T item : items) {
            if (u.name().equals(userOf.apply(item))) {
                out.add(item);
            }
        }
        return out;
    }

    /** One connection or channel: reading needs {@code monitoring} or ownership, closing administrator or ownership. */
    static void requireOwner(UserInfo u, String owner, boolean closing) {
        boolean allowed = (closing ? isAdmin(u) : isMonitor(u)) || u.name().equals(owner);
        if (!allowed) {
            throw ApiError.notAuthorised(OBJECT_REFUSED);
        }
    }
}
