package io.warren.broker;

import io.warren.broker.net.TlsOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything the broker is configured with. Immutable and validated on construction, so a bad value fails at
 * start with a message naming the setting, the value and what was expected.
 *
 * @param port                  AMQP listener port (0 = any free port)
 * @param managementPort        HTTP API and UI port (0 = any free port, -1 = off)
 * @param prometheusPort        Prometheus port (0 = any free port, -1 = off)
 * @param bindAddress           address to listen on
 * @param dataDir               data directory
 * @param defaultUser           the user created on a fresh broker
 * @param defaultPass           its password
 * @param heartbeatSeconds      heartbeat offered in connection.tune (0 = off)
 * @param frameMax              frame_max offered (0 = no limit)
 * @param channelMax            channel_max offered (0 = no limit, which means 65535)
 * @param maxMessageSize        largest message body accepted
 * @param handshakeTimeoutMillis time a client has to open its connection
 * @param queueThreads          threads queues run on; 0 runs them on the I/O threads
 * @param ioThreads             Netty I/O threads
 * @param memoryHighWatermark   fraction of heap + direct memory above which publishers are blocked
 * @param consumerTimeoutMillis how long a delivery may stay unacknowledged before its channel is closed (0 = no
 *                              limit)
 * @param loadDefinitions       a definitions file imported at every start, or null; on a fresh data directory
 *                              it replaces the default vhost and user
 * @param authMechanisms        SASL mechanisms offered, in order: PLAIN, AMQPLAIN and EXTERNAL (login by client
 *                              certificate; offered only to TLS clients that presented one)
 * @param tls                   the AMQPS listener ({@link TlsOptions#OFF} by default)
 * @param managementTls         the HTTPS listener of the management API and UI ({@link TlsOptions#OFF} by default)
 */
public record BrokerConfig(int port, int managementPort, int prometheusPort, String bindAddress, Path dataDir,
                           String defaultUser, String defaultPass, int heartbeatSeconds, int frameMax,
                           int channelMax, long maxMessageSize, long handshakeTimeoutMillis, int queueThreads,
                           int ioThreads, double memoryHighWatermark, long consumerTimeoutMillis,
                           Path loadDefinitions, List<String> authMechanisms, TlsOptions tls,
                           TlsOptions managementTls) {

    public static final int MAX_MESSAGE_SIZE_LIMIT = 512 * 1024 * 1024;
    private static final List<String> KNOWN_MECHANISMS = List.of("PLAIN", "AMQPLAIN", "EXTERNAL");

    public BrokerConfig {
        checkPort("port", port, true);
        if (tls == null || managementTls == null) {
            throw new IllegalArgumentException("tls: null (expected: TlsOptions.OFF or a TLS listener)");
        }
        if (port == -1 && !tls.enabled()) {
            throw new IllegalArgumentException("listeners.tcp: none, and no listeners.ssl (expected: at least one "
                    + "AMQP listener)");
        }
        checkPort("management-port", managementPort, true);
        checkPort("prometheus-port", prometheusPort, true);
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind-address: '" + bindAddress + "' (expected: a host or address)");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("data-dir: null (expected: a directory path)");
        }
        if (defaultUser == null || defaultUser.isEmpty() || defaultPass == null) {
            throw new IllegalArgumentException("default_user: '" + defaultUser + "' (expected: a non-empty name)");
        }
        checkRange("heartbeat", heartbeatSeconds, 0, 65_535);
        if (frameMax != 0 && frameMax < 4096) {
            throw new IllegalArgumentException("frame_max: " + frameMax + " (expected: 0 or >= 4096)");
        }
        checkRange("channel_max", channelMax, 0, 65_535);
        if (maxMessageSize <= 0 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("max_message_size: " + maxMessageSize + " (expected: 1.."
                    + MAX_MESSAGE_SIZE_LIMIT + ")");
        }
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("handshake_timeout: " + handshakeTimeoutMillis + " (expected: > 0)");
        }
        checkRange("queue-threads", queueThreads, 0, 1024);
        checkRange("io-threads", ioThreads, 1, 1024);
        authMechanisms = authMechanisms == null ? List.of() : List.copyOf(authMechanisms);
        if (authMechanisms.isEmpty() || !KNOWN_MECHANISMS.containsAll(authMechanisms)) {
            throw new IllegalArgumentException("auth_mechanisms: " + authMechanisms + " (expected: one or more of "
                    + KNOWN_MECHANISMS + ")");
        }
        if (consumerTimeoutMillis < 0) {
            throw new IllegalArgumentException("consumer_timeout: " + consumerTimeoutMillis + " (expected: a number "
                    + "of milliseconds, 0 for no limit)");
        }
        if (!(memoryHighWatermark > 0 && memoryHighWatermark <= 1)) {
            throw new IllegalArgumentException("vm_memory_high_watermark.relative: " + memoryHighWatermark
                    + " (expected: > 0 and <= 1)");
        }
    }

    /**
     * RabbitMQ's defaults: port 5672, management 15672, Prometheus 15692, data under ./data, a 30-minute
     * consumer timeout, no TLS listener. I/O threads: one fewer than the cores (at least one), leaving a core to
     * the kernel's network work, group commit and GC; every extra loop also means more cross-thread wake-ups
     * between publishers, queues and consumers. On a 2-core machine one loop gave 17-40% less broker CPU per
     * message than two at fixed rates, and as much or more throughput (bench/README.md).
     */
    public static BrokerConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new BrokerConfig(5672, 15672, 15692, "0.0.0.0", Path.of("data"), "guest", "guest", 60, 131_072,
                2047, 16L * 1024 * 1024, 10_000, 0, Math.max(1, cores - 1), 0.4, 1_800_000, null,
                List.of("PLAIN", "AMQPLAIN"), TlsOptions.OFF, TlsOptions.OFF);
    }

    /** For tests: every port picked by the OS, data in the given directory. */
    public static BrokerConfig forTests(Path dataDir) {
        Copy c = defaults().copy();
        c.port = 0;
        c.managementPort = -1;
        c.prometheusPort = -1;
        c.bindAddress = "127.0.0.1";
        c.dataDir = dataDir;
        c.ioThreads = 2;
        return c.build();
    }

    public BrokerConfig withPort(int p) {
        return copy().with(c -> c.port = p);
    }

    public BrokerConfig withManagementPort(int p) {
        return copy().with(c -> c.managementPort = p);
    }

    public BrokerConfig withPrometheusPort(int p) {
        return copy().with(c -> c.prometheusPort = p);
    }

    public BrokerConfig withHeartbeat(int seconds) {
        return copy().with(c -> c.heartbeatSeconds = seconds);
    }

    public BrokerConfig withLimits(int newFrameMax, int newChannelMax, long newMaxMessageSize) {
        return copy().with(c -> {
            c.frameMax = newFrameMax;
            c.channelMax = newChannelMax;
            c.maxMessageSize = newMaxMessageSize;
        });
    }

    public BrokerConfig withHandshakeTimeout(long millis) {
        return copy().with(c -> c.handshakeTimeoutMillis = millis);
    }

    public BrokerConfig withConsumerTimeout(long millis) {
        return copy().with(c -> c.consumerTimeoutMillis = millis);
    }

    public BrokerConfig withLoadDefinitions(Path file) {
        return copy().with(c -> c.loadDefinitions = file);
    }

    public BrokerConfig withAuthMechanisms(List<String> mechanisms) {
        return copy().with(c -> c.authMechanisms = mechanisms);
    }

    /** The AMQPS listener; a test's TLS port 0 picks a free one. */
    public BrokerConfig withTls(TlsOptions t) {
        return copy().with(c -> c.tls = t);
    }

    /** The management API's HTTPS listener; port 0 picks a free one. */
    public BrokerConfig withManagementTls(TlsOptions t) {
        return copy().with(c -> c.managementTls = t);
    }

    private Copy copy() {
        return new Copy(this);
    }

    /** A mutable copy the {@code with} methods change one or two settings of; built back through validation. */
    private static final class Copy {
        int port;
        int managementPort;
        int prometheusPort;
        String bindAddress;
        Path dataDir;
        String defaultUser;
        String defaultPass;
        int heartbeatSeconds;
        int frameMax;
        int channelMax;
        long maxMessageSize;
        long handshakeTimeoutMillis;
        int queueThreads;
        int ioThreads;
        double memoryHighWatermark;
        long consumerTimeoutMillis;
        Path loadDefinitions;
        List<String> authMechanisms;
        TlsOptions tls;
        TlsOptions managementTls;

        Copy(BrokerConfig c) {
            port = c.port;
            managementPort = c.managementPort;
            prometheusPort = c.prometheusPort;
            bindAddress = c.bindAddress;
            dataDir = c.dataDir;
            defaultUser = c.defaultUser;
            defaultPass = c.defaultPass;
            heartbeatSeconds = c.heartbeatSeconds;
            frameMax = c.frameMax;
            channelMax = c.channelMax;
            maxMessageSize = c.maxMessageSize;
            handshakeTimeoutMillis = c.handshakeTimeoutMillis;
            queueThreads = c.queueThreads;
            ioThreads = c.ioThreads;
            memoryHighWatermark = c.memoryHighWatermark;
            consumerTimeoutMillis = c.consumerTimeoutMillis;
            loadDefinitions = c.loadDefinitions;
            authMechanisms = c.authMechanisms;
            tls = c.tls;
            managementTls = c.managementTls;
        }

        BrokerConfig with(Consumer<Copy> change) {
            change.accept(this);
            return build();
        }

        BrokerConfig build() {
            return new BrokerConfig(port, managementPort, prometheusPort, bindAddress, dataDir, defaultUser,
                    defaultPass, heartbeatSeconds, frameMax, channelMax, maxMessageSize, handshakeTimeoutMillis,
                    queueThreads, ioThreads, memoryHighWatermark, consumerTimeoutMillis, loadDefinitions,
                    authMechanisms, tls, managementTls);
        }
    }

    private static void checkPort(String name, int value, boolean mayBeOff) {
        if (value < (mayBeOff ? -1 : 0) || value > 65_535) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + (mayBeOff ? "-1 (off), " : "")
                    + "0..65535)");
        }
    }

    private static void checkRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
