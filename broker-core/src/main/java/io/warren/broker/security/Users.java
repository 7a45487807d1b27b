package io.warren.broker.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker's users and their vhost permissions.
 *
 * <p>Passwords are stored as RabbitMQ stores them (rabbit_password_hashing_sha256): base64 of a 4-byte salt
 * followed by SHA-256(salt + password), so hashes move between RabbitMQ definitions and Warren unchanged. As in
 * RabbitMQ, the user {@code guest} may only connect from a loopback address. Thread-safe (concurrent maps of
 * immutable values): authentication runs on event loops, changes come from the management API.
 */
public final class Users {
    /** The user RabbitMQ restricts to loopback connections by default ({@code loopback_users}). */
    public static final String LOOPBACK_ONLY_USER = "guest";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static final String MAX_CONNECTIONS = "max-connections";
    public static final String MAX_CHANNELS = "max-channels";

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Permission> permissions = new ConcurrentHashMap<>();
    /** RabbitMQ's user limits by user; a negative value means none. */
    private final Map<String, Map<String, Long>> limits = new ConcurrentHashMap<>();
    /** Open connections and channels per user, counted against the limits. */
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    private static final class Usage {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger channels = new AtomicInteger();
    }

    /** A user: name, salted hash, management tags. */
    public record User(String name, String passwordHash, List<String> tags) {
    }

    /** configure/write/read regular expressions of one user on one vhost. */
    public record Permission(String user, String vhost, String configure, String write, String read) {
    }

    public void put(User user) {
        users.put(user.name(), user);
    }

    public void addUser(String name, String password, List<String> tags) {
        put(new User(name, hash(password), List.copyOf(tags)));
    }

    public boolean delete(String name) {
        permissions.values().removeIf(p -> p.user().equals(name));
        limits.remove(name);
        return users.remove(name) != null;
    }

    public User user(String name) {
        return users.get(name);
    }

    public Collection<User> all() {
        return users.values();
    }

    /** The user's limits ({@link #MAX_CONNECTIONS}, {@link #MAX_CHANNELS}) as set; negative values mean none. */
    public Map<String, Long> limits(String user) {
        return limits.getOrDefault(user, Map.of());
    }

    public void setLimits(String user, Map<String, Long> newLimits) {
        if (newLimits.isEmpty()) {
            limits.remove(user);
        } else {
            limits.put(user, Map.copyOf(newLimits));
        }
    }

    /** The limit in force ({@link #MAX_CONNECTIONS} or {@link #MAX_CHANNELS}), -1 for none. */
    public long limit(String user, String name) {
        return CountedLimit.of(limits(user), name);
    }

    /** Counts a connection of {@code user} unless its connection limit is reached (then false). */
    public boolean tryOpenConnection(String user) {
        return CountedLimit.tryIncrement(usage.computeIfAbsent(user, u -> new Usage()).connections,
                limit(user, MAX_CONNECTIONS));
    }

    public void connectionClosed(String user) {
        usage.computeIfAbsent(user, u -> new Usage()).connections.decrementAndGet();
    }

    /** Counts a channel of {@code user} (over all its connections) unless its channel limit is reached. */
    public boolean tryOpenChannel(String user) {
        return CountedLimit.tryIncrement(usage.computeIfAbsent(user, u -> new Usage()).channels,
                limit(user, MAX_CHANNELS));
    }

    public void channelsClosed(String user, int n) {
        usage.computeIfAbsent(user, u -> new Usage()).channels.addAndGet(-n);
    }

    public void setPermission(Permission p) {
        permissions.put(p.user() + '\u0000' + p.vhost(), p);
    }

    public void clearPermission(String user, String vhost) {
        permissions.remove(user + '\u0000' + vhost);
    }

    public Permission permission(String user, String vhost) {
        return permissions.get(user + '\u0000' + vhost);
    }

    public Collection<Permission> permissions() {
        return permissions.values();
    }

    /** The user when the password matches and the peer may log in as that user; otherwise null. */
    public User authenticate(String name, String password, SocketAddress peer) {
        User u = users.get(name);
        if (u == null || password == null || !matches(u.passwordHash(), password)) {
            return null;
        }
        if (LOOPBACK_ONLY_USER.equals(name) && !isLoopback(peer)) {
            return null;
        }
        return u;
    }

    /**
     * The user named by a client certificate (the EXTERNAL mechanism: the TLS handshake proved the identity, so no
     * password is checked) when it exists and the peer may log in as it; otherwise null.
     */
    public User authenticateByCertificate(String name, SocketAddress peer) {
        User u = users.get(name);
        if (u == null || LOOPBACK_ONLY_USER.equals(name) && !isLoopback(peer)) {
            return null;
        }
        return u;
    }

    public static boolean isLoopback(SocketAddress peer) {
        if (peer instanceof InetSocketAddress isa) {
            InetAddress a = isa.getAddress();
            return a != null && a.isLoopbackAddress();
        }
        return true; // local (in-VM) transports
    }

    public static String hash(String password) {
        byte[] salt = new byte[4];
        RANDOM.nextBytes(salt);
        return Base64.getEncoder().encodeToString(saltedDigest(salt, password));
    }

    static boolean matches(String storedHash, String password) {
        byte[] stored;
        try {
            stored = Base64.getDecoder().decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (stored.length != 36) {
            return false;
        }
        byte[] salt = {stored[0], stored[1], stored[2], stored[3]};
        return MessageDigest.isEqual(stored, saltedDigest(salt, password));
    }

    private static byte[] saltedDigest(byte[] salt, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            byte[] digest = sha.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[salt.length + digest.length];
            System.arraycopy(salt, 0, out, 0, salt.length);
            System.arraycopy(digest, 0, out, salt.length, digest.length);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
