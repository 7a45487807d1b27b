package io.warren.broker;

import io.netty.channel.Channel;
import io.warren.broker.admin.BootDefinitions;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.net.AmqpChannelInitializer;
import io.warren.broker.net.ServerTls;
import io.warren.broker.net.AmqpServer;
import io.netty.buffer.ByteBufAllocator;
import io.warren.broker.queue.QueueLoops;
import io.warren.broker.queue.QueueStorage;
import io.warren.store.log.LogConfig;
import io.warren.store.sync.SyncScheduler;
import java.time.Clock;
import io.warren.broker.security.Users;
import io.warren.broker.vhost.DurableDefinitions;
import io.warren.broker.vhost.VirtualHost;
import io.warren.store.DataDirectoryLock;
import io.warren.store.DataLayout;
import io.warren.store.meta.MapDbMetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embeddable broker: wires the I/O threads, queue loops, virtual hosts, users and extensions, and owns
 * their lifecycle. {@code new Broker(config).start()}; {@link #port()} tells where it listens (useful with
 * port 0); {@link #close()} stops it. Thread-safe.
 */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    public static final String PRODUCT = "Warren";
    public static final String VERSION = "0.1.0";

    private final BrokerConfig config;
    private final Users users = new Users();
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final List<BrokerExtension> extensions = new ArrayList<>();
    private final MemoryAlarm memoryAlarm;
    private AmqpServer server;
    private QueueLoops queueLoops;
    private DataDirectoryLock dataLock;
    private DurableDefinitions definitions;
    private SyncScheduler sync;
    private QueueStorage queueStorage;
    private Channel listener;
    private Channel tlsListener;
    private volatile boolean running;
    private volatile String clusterName = ClusterName.nodeName();
    /** The global runtime parameters, as in {@code meta.db}: read at start, written through. */
    private final Map<String, String> globalParameters = new ConcurrentSkipListMap<>();

    public Broker(BrokerConfig config) {
        this.config = config;
        this.memoryAlarm = new MemoryAlarm(connections, config.memoryHighWatermark());
    }

    public synchronized Broker start() {
        if (running) {
            return this;
        }
        try {
            ServerTls tls = config.tls().enabled() ? ServerTls.start(config.tls()) : null;
            dataLock = DataDirectoryLock.acquire(config.dataDir());
            definitions = new DurableDefinitions(MapDbMetadataStore.open(DataLayout.metaDb(config.dataDir())));
            globalParameters.putAll(definitions.store().globalParameters());
            refreshClusterName();
            server = new AmqpServer(config.ioThreads());
            queueLoops = config.queueThreads() == 0 ? QueueLoops.sharing(server.ioGroup())
                    : new QueueLoops(config.queueThreads());
            sync = SyncScheduler.start();
            wipe(DataLayout.transientRoot(config.dataDir())); // non-durable queues do not outlive the broker
            queueStorage = new QueueStorage(config.dataDir(), sync, LogConfig.classicQueue()
                    .withMaxRecordBytes((int) Math.min(Integer.MAX_VALUE - 1, config.maxMessageSize() + 65_536)),
                    ByteBufAllocator.DEFAULT, Clock.systemUTC());
            new DefinitionsLoader(this, definitions).load(config.loadDefinitions() == null);
            if (config.loadDefinitions() != null) {
                BootDefinitions.importFile(this, config.loadDefinitions());
            }
            if (config.port() >= 0) {
                listener = server.bind(config.bindAddress(), config.port(), new AmqpChannelInitializer(this),
                        "AMQP");
            }
            if (tls != null) {
                tlsListener = server.bind(config.bindAddress(), config.tls().port(),
                        new AmqpChannelInitializer(this, tls), "AMQP over TLS");
            }
            running = true;
            memoryAlarm.start(server.ioGroup().next());
            for (BrokerExtension ext : ServiceLoader.load(BrokerExtension.class)) {
                ext.start(this);
                extensions.add(ext);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IllegalStateException("extension failed to start: " + e.getMessage(), e);
        }
        if (listener != null) {
            log.info("{} {} listening for AMQP 0-9-1 on {}:{} ({} transport)", PRODUCT, VERSION,
                    config.bindAddress(), port(), server.transportName());
        }
        if (tlsListener != null) {
            log.info("{} {} listening for AMQP 0-9-1 over TLS on {}:{} ({} transport)", PRODUCT, VERSION,
                    config.bindAddress(), tlsPort(), server.transportName());
        }
        return this;
    }

    /** The cluster name clients and tools see: the {@code cluster_name} global parameter, else the node name. */
    public String clusterName() {
        return clusterName;
    }

    /** The global runtime parameters by name, sorted, their values as JSON text. */
    public Map<String, String> globalParameters() {
        return Collections.unmodifiableMap(globalParameters);
    }

    /** Sets a global runtime parameter; true when it is new. Waits for the commit: not on an event loop. */
    public boolean putGlobalParameter(String name, String json) {
        boolean created = globalParameters.put(name, json) == null;
        refreshClusterName();
        definitions.globalParameterPut(name, json).join();
        return created;
    }

    /** Deletes a global runtime parameter; false when there was none. Waits for the commit. */
    public boolean deleteGlobalParameter(String name) {
        boolean deleted = globalParameters.remove(name) != null;
        refreshClusterName();
        if (deleted) {
            definitions.globalParameterDeleted(name).join();
        }
        return deleted;
    }

    private void refreshClusterName() {
        String set = ClusterName.fromJson(globalParameters.get(ClusterName.PARAMETER));
        clusterName = set == null ? ClusterName.nodeName() : set;
    }

    /** The AMQP port actually bound (the OS-chosen one when configured with 0), or -1 without that listener. */
    public int port() {
        return boundPort(listener);
    }

    /** The AMQPS port actually bound, or -1 without a TLS listener. */
    public int tlsPort() {
        return boundPort(tlsListener);
    }

    private static int boundPort(Channel ch) {
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    public BrokerConfig config() {
        return config;
    }

    public Users users() {
        return users;
    }

    /** A snapshot of the broker-wide message counters (management and Prometheus read them). */
    public MessageCounters counters() {
        return connections.totals();
    }

    /** The started extension of this type, or null (management uses it to tell where it listens). */
    public synchronized <T extends BrokerExtension> T extension(Class<T> type) {
        for (BrokerExtension e : extensions) {
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        return null;
    }

    public MemoryAlarm memoryAlarm() {
        return memoryAlarm;
    }

    public AmqpServer server() {
        return server;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    public VirtualHost vhost(String name) {
        return vhosts.get(name);
    }

    public Collection<VirtualHost> vhosts() {
        return vhosts.values();
    }

    /** The vhost, created in memory if new (restoring definitions; nothing is written). */
    VirtualHost vhostInMemory(String name) {
        return vhosts.computeIfAbsent(name, n -> new VirtualHost(n, queueLoops, definitions, queueStorage));
    }

    /** Adds a vhost and stores it; the future completes once it is on disk. */
    public CompletableFuture<Void> addVhost(String name) {
        if (vhosts.containsKey(name)) {
            return CompletableFuture.completedFuture(null);
        }
        vhostInMemory(name);
        return definitions.vhostAdded(name);
    }

    /** Deletes a vhost: its connections are closed, its queues and their messages dropped. */
    public CompletableFuture<Void> deleteVhost(String name) {
        VirtualHost v = vhosts.remove(name);
        if (v == null) {
            return CompletableFuture.completedFuture(null);
        }
        for (AmqpConnection c : connections.all()) {
            if (c.vhost() == v) {
                c.closeByBroker("vhost '" + name + "' is deleted");
            }
        }
        users.permissions().removeIf(p -> p.vhost().equals(name));
        return v.shutdown().thenCompose(x -> definitions.vhostDeleted(name));
    }

    /** Adds or replaces a user (password hash in RabbitMQ's salted SHA-256 form) and stores it. */
    public CompletableFuture<Void> putUser(String name, String passwordHash, List<String> tags) {
        users.put(new Users.User(name, passwordHash, List.copyOf(tags)));
        return definitions.userPut(name, passwordHash, tags);
    }

    /** Replaces a user's limits and stores them; connections and channels already open stay. */
    public CompletableFuture<Void> setUserLimits(String name, Map<String, Long> limits) {
        users.setLimits(name, limits);
        return definitions.userLimitsSet(name, limits);
    }

    public CompletableFuture<Void> deleteUser(String name) {
        users.delete(name);
        return definitions.userDeleted(name);
    }

    public CompletableFuture<Void> setPermission(Users.Permission p) {
        users.setPermission(p);
        return definitions.permissionPut(p.user(), p.vhost(), p.configure(), p.write(), p.read());
    }

    public CompletableFuture<Void> clearPermission(String user, String vhost) {
        users.clearPermission(user, vhost);
        return definitions.permissionDeleted(user, vhost);
    }

    /** Group-commit statistics (fsyncs and the confirms they released), for the benchmark and management. */
    public SyncScheduler syncScheduler() {
        return sync;
    }

    private static void wipe(java.nio.file.Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized void close() {
        boolean wasRunning = running;
        running = false;
        for (int i = extensions.size() - 1; i >= 0; i--) {
            try {
                extensions.get(i).stop();
            } catch (RuntimeException e) {
                log.warn("extension {} failed to stop", extensions.get(i).getClass().getName(), e);
            }
        }
        extensions.clear();
        memoryAlarm.stop();
        if (listener != null) {
            listener.close().syncUninterruptibly();
            listener = null;
        }
        if (tlsListener != null) {
            tlsListener.close().syncUninterruptibly();
            tlsListener = null;
        }
        for (AmqpConnection c : connections.all()) {
            c.closeByBroker("broker shutdown");
        }
        for (AmqpConnection c : connections.all()) {
            // close-ok or the close timeout: either way the socket is gone within a couple of seconds
            c.nettyChannel().closeFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
        if (queueLoops != null) {
            // Connections are gone (their unacked deliveries went back to the queues); now free what queues hold
            // (queues may run on the I/O threads, so this comes before those stop).
            CompletableFuture<?>[] drained = vhosts.values().stream().map(VirtualHost::shutdown)
                    .toArray(CompletableFuture<?>[]::new);
            try {
                CompletableFuture.allOf(drained).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("queues did not drain at shutdown: {}", e.toString());
            }
            queueLoops.close();
            queueLoops = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
        if (sync != null) {
            sync.close();
            sync = null;
        }
        if (definitions != null) {
            definitions.close();
            definitions = null;
        }
        if (dataLock != null) {
            dataLock.close();
            dataLock = null;
        }
        if (wasRunning) {
            log.info("{} stopped", PRODUCT);
        }
    }
}
