package io.warren.broker.admin;

import io.warren.broker.Broker;
import io.warren.broker.ClusterName;
import io.warren.broker.BrokerConfig;
import io.warren.broker.MessageCounters;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.policy.InvalidPolicyException;
import io.warren.broker.policy.Policy;
import io.warren.broker.queue.Queue;
import io.warren.broker.security.Users;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpException;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable facade over a running {@link Broker} for management and tests: lists entities with their statistics
 * as plain records, declares and deletes them, publishes and fetches messages, manages users, vhosts and
 * permissions, exports and imports definitions. No Netty or codec types appear in its signatures.
 *
 * <p>Errors the caller can act on are {@link AdminException}s (not found, bad request). Thread-safe. Some
 * operations wait for a queue or connection loop (get, purge, delete, channel listings): call them from a
 * management thread, never from an event loop or queue loop.
 */
public final class BrokerAdmin implements AutoCloseable {
    public static final int DEFAULT_SAMPLE_SECONDS = 5;

    private final Broker broker;
    private final long startedAt = System.currentTimeMillis();
    private final MessageOps messages;
    private final ConnectionViews connections;
    private final AccessControl access;
    private final Sampler sampler;
    private final MessageRates rates;

    public BrokerAdmin(Broker broker) {
        this(broker, DEFAULT_SAMPLE_SECONDS);
    }

    public BrokerAdmin(Broker broker, int sampleSeconds) {
        this.broker = broker;
        this.messages = new MessageOps(broker.connections());
        this.connections = new ConnectionViews(broker.connections());
        this.access = new AccessControl(broker);
        this.rates = new MessageRates(sampleSeconds, System::currentTimeMillis);
        this.sampler = new Sampler(broker, connections, rates, sampleSeconds);
    }

    /** Starts sampling message rates (a daemon thread); idempotent. */
    public BrokerAdmin start() {
        sampler.start();
        return this;
    }

    @Override
    public void close() {
        sampler.stop();
    }

    // ---- node ----

    public BrokerConfig config() {
        return broker.config();
    }

    public String productName() {
        return Broker.PRODUCT;
    }

    public String productVersion() {
        return Broker.VERSION;
    }

    /** RabbitMQ-style node name, {@code warren@<host>}; the cluster name too until one is set. */
    public String nodeName() {
        return ClusterName.nodeName();
    }

    /** The cluster name: set with {@link #putGlobalParameter} ({@code cluster_name}), else the node's name. */
    public String clusterName() {
        return broker.clusterName();
    }

    /** The global runtime parameters by name, their values as JSON text. */
    public Map<String, String> globalParameters() {
        return broker.globalParameters();
    }

    /**
     * Sets a global runtime parameter to a JSON value; true when it is new. {@code cluster_name} must be a JSON
     * string: it renames the cluster.
     */
    public boolean putGlobalParameter(String name, String json) {
        if (ClusterName.PARAMETER.equals(name) && ClusterName.fromJson(json) == null) {
            throw new AdminException(AdminException.Kind.BAD_REQUEST, "cluster_name must be a string, not " + json);
        }
        return broker.putGlobalParameter(name, json);
    }

    /** Deletes a global runtime parameter; false when there was none. */
    public boolean deleteGlobalParameter(String name) {
        return broker.deleteGlobalParameter(name);
    }

    /** The plain AMQP port, or -1 when the broker listens on TLS only. */
    public int amqpPort() {
        return broker.port();
    }

    /** The AMQPS port, or -1 without a TLS listener. */
    public int amqpsPort() {
        return broker.tlsPort();
    }

    public NodeInfo node() {
        return NodeStats.read(nodeName(), broker.memoryAlarm(), startedAt);
    }

    /** Group commit so far: fsync rounds and the waiters (confirms, commits) they released. */
    public SyncInfo sync() {
        var scheduler = broker.syncScheduler();
        return scheduler == null ? new SyncInfo(0, 0) : new SyncInfo(scheduler.syncCount(), scheduler.completedCount());
    }

    /** @param fsyncs stores forced; @param released futures completed by those fsyncs */
    public record SyncInfo(long fsyncs, long released) {
    }

    /** Resource alarms in effect ("memory"), empty when none. */
    public List<String> alarms() {
        return broker.memoryAlarm().active() ? List.of("memory") : List.of();
    }

    public MessageCounters counters() {
        return broker.counters();
    }

    public MessageRates rates() {
        return rates;
    }

    /**
     * Takes a rate sample at once, besides the sampler's own every interval: for tests, which must not sleep
     * through an interval. Blocks while channel counters are read on the event loops.
     */
    public void sampleRatesNow() {
        sampler.sampleNow();
    }

    // ---- vhosts ----

    public List<VhostInfo> vhosts() {
        List<VhostInfo> out = new ArrayList<>();
        for (VirtualHost v : broker.vhosts()) {
            long ready = 0;
            long unacked = 0;
            for (Queue q : v.queues()) {
                ready += q.stats().ready();
                unacked += q.stats().unacked();
            }
            out.add(new VhostInfo(v.name(), ready, unacked, v.queues().size()));
        }
        out.sort(Comparator.comparing(VhostInfo::name));
        return out;
    }

    public boolean vhostExists(String name) {
        return broker.vhost(name) != null;
    }

    /** The limits of every vhost that has some, by vhost name. */
    public Map<String, Map<String, Long>> vhostLimits() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (VirtualHost v : broker.vhosts()) {
            if (!v.limits().isEmpty()) {
                out.put(v.name(), new TreeMap<>(v.limits()));
            }
        }
        return out;
    }

    /** Sets one limit ({@code max-connections} or {@code max-queues}; negative = none) and stores it. */
    public void setVhostLimit(String vhost, String limit, long value) {
        checkLimitName(limit, VirtualHost.MAX_CONNECTIONS, VirtualHost.MAX_QUEUES);
        VirtualHost v = existingVhost(vhost);
        Map<String, Long> limits = new TreeMap<>(v.limits());
        limits.put(limit, value);
        MessageOps.await(v.setLimits(limits));
    }

    /** Removes one limit; nothing happens when it was not set. */
    public void clearVhostLimit(String vhost, String limit) {
        VirtualHost v = existingVhost(vhost);
        Map<String, Long> limits = new TreeMap<>(v.limits());
        if (limits.remove(limit) != null) {
            MessageOps.await(v.setLimits(limits));
        }
    }

    /** The limits of every user that has some, by user name. */
    public Map<String, Map<String, Long>> userLimits() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Users.User u : broker.users().all()) {
            Map<String, Long> limits = broker.users().limits(u.name());
            if (!limits.isEmpty()) {
                out.put(u.name(), new TreeMap<>(limits));
            }
        }
        return out;
    }

    /** Sets one user limit ({@code max-connections} or {@code max-channels}; negative = none) and stores it. */
    public void setUserLimit(String user, String limit, long value) {
        checkLimitName(limit, Users.MAX_CONNECTIONS, Users.MAX_CHANNELS);
        Map<String, Long> limits = new TreeMap<>(existingUserLimits(user));
        limits.put(limit, value);
        MessageOps.await(broker.setUserLimits(user, limits));
    }

    /** Removes one user limit; nothing happens when it was not set. */
    public void clearUserLimit(String user, String limit) {
        Map<String, Long> limits = new TreeMap<>(existingUserLimits(user));
        if (limits.remove(limit) != null) {
            MessageOps.await(broker.setUserLimits(user, limits));
        }
    }

    private Map<String, Long> existingUserLimits(String user) {
        if (broker.users().user(user) == null) {
            throw AdminException.notFound("user_not_found");
        }
        return broker.users().limits(user);
    }

    private static void checkLimitName(String limit, String... known) {
        if (!Arrays.asList(known).contains(limit)) {
            throw AdminException.badRequest("Validation failed\n\nUnrecognised terms [" + limit + "] in limits\n");
        }
    }

    private VirtualHost existingVhost(String name) {
        VirtualHost v = broker.vhost(name);
        if (v == null) {
            throw AdminException.notFound("vhost_not_found");
        }
        return v;
    }

    /** Creates the vhost; false if it existed. */
    public boolean addVhost(String name) {
        if (name == null || name.isEmpty()) {
            throw AdminException.badRequest("vhost name must not be empty");
        }
        boolean created = broker.vhost(name) == null;
        MessageOps.await(broker.addVhost(name));
        return created;
    }

    /** Deletes a vhost, its queues and its permissions, and closes its connections; false if it did not exist. */
    public boolean deleteVhost(String name) {
        if (broker.vhost(name) == null) {
            return false;
        }
        MessageOps.await(broker.deleteVhost(name));
        return true;
    }

    VirtualHost requireVhost(String name) {
        VirtualHost v = broker.vhost(name);
        if (v == null) {
            throw AdminException.notFound("no vhost '%s'", name);
        }
        return v;
    }

    private List<VirtualHost> scope(String vhost) {
        if (vhost != null) {
            return List.of(requireVhost(vhost));
        }
        List<VirtualHost> all = new ArrayList<>(broker.vhosts());
        all.sort(Comparator.comparing(VirtualHost::name));
        return all;
    }

    // ---- exchanges ----

    /** Exchanges of one vhost, or of all when {@code vhost} is null. */
    public List<ExchangeInfo> exchanges(String vhost) {
        List<ExchangeInfo> out = new ArrayList<>();
        for (VirtualHost v : scope(vhost)) {
            for (Exchange x : v.exchanges()) {
                out.add(Topology.info(x));
            }
        }
        return out;
    }

    public ExchangeInfo exchange(String vhost, String name) {
        Exchange x = requireVhost(vhost).exchange(name);
        if (x == null) {
            throw AdminException.notFound("no exchange '%s' in vhost '%s'", name, vhost);
        }
        return Topology.info(x);
    }

    /** Declares (or checks the equivalence of) an exchange; true when it was created. */
    public boolean declareExchange(String vhost, String name, String type, boolean durable, boolean autoDelete,
                                   boolean internal, Map<String, Object> arguments) {
        return Topology.declareExchange(requireVhost(vhost), name, type, durable, autoDelete, internal, arguments);
    }

    public void deleteExchange(String vhost, String name, boolean ifUnused) {
        VirtualHost v = requireVhost(vhost);
        if (v.exchange(name) == null) {
            throw AdminException.notFound("no exchange '%s' in vhost '%s'", name, vhost);
        }
        try {
            v.deleteExchange(name, ifUnused);
        } catch (AmqpException e) {
            throw Topology.translate(e);
        }
        MessageOps.await(v.definitionsBarrier());
    }

    // ---- queues ----

    /** Queues of one vhost, or of all when {@code vhost} is null. */
    public List<QueueInfo> queues(String vhost) {
        List<QueueInfo> out = new ArrayList<>();
        for (VirtualHost v : scope(vhost)) {
            for (Queue q : v.queues()) {
                out.add(Topology.info(q, v.policyForQueue(false, q.name()), v.policyForQueue(true, q.name())));
            }
        }
        return out;
    }

    public QueueInfo queue(String vhost, String name) {
        VirtualHost v = requireVhost(vhost);
        return Topology.info(requireQueue(vhost, name), v.policyForQueue(false, name), v.policyForQueue(true, name));
    }

    /** Declares (or checks the equivalence of) a queue; true when it was created. */
    public boolean declareQueue(String vhost, String name, boolean durable, boolean autoDelete,
                                Map<String, Object> arguments) {
        return Topology.declareQueue(requireVhost(vhost), name, durable, autoDelete, arguments);
    }

    /** Deletes a queue; returns the number of ready messages dropped. */
    public int deleteQueue(String vhost, String name, boolean ifUnused, boolean ifEmpty) {
        VirtualHost v = requireVhost(vhost);
        int dropped = MessageOps.await(v.deleteQueue(requireQueue(vhost, name), ifUnused, ifEmpty));
        MessageOps.await(v.definitionsBarrier());
        return dropped;
    }

    /** Drops the ready messages of a queue; returns how many. */
    public int purgeQueue(String vhost, String name) {
        return MessageOps.await(requireQueue(vhost, name).purge());
    }

    /** Resets a stream's consumer group: its next consumer starts where its {@code x-stream-offset} says. */
    public void resetConsumerGroup(String vhost, String stream, String group) {
        Topology.resetConsumerGroup(requireQueue(vhost, stream), group);
    }

    Queue requireQueue(String vhost, String name) {
        Queue q = requireVhost(vhost).queue(name);
        if (q == null) {
            throw AdminException.notFound("no queue '%s' in vhost '%s'", name, vhost);
        }
        return q;
    }

    // ---- bindings ----

    /** Bindings of one vhost (or all), the default exchange's implicit ones included, as RabbitMQ lists them. */
    public List<BindingInfo> bindings(String vhost) {
        List<BindingInfo> out = new ArrayList<>();
        for (VirtualHost v : scope(vhost)) {
            Bindings.list(v, out);
        }
        return out;
    }

    /** Binds {@code source} to a queue or exchange ({@code destinationType} "queue" or "exchange"). */
    public BindingInfo bind(String vhost, String source, String destinationType, String destination,
                            String routingKey, Map<String, Object> arguments) {
        VirtualHost v = requireVhost(vhost);
        Exchange x = requireExchange(v, source);
        Topology.bind(v, x, destination(v, destinationType, destination), routingKey, arguments);
        return Bindings.info(vhost, source, destination, destinationType, routingKey, arguments);
    }

    /** Removes the binding with this properties key; false when there is none. */
    public boolean unbind(String vhost, String source, String destinationType, String destination,
                          String propertiesKey) {
        VirtualHost v = requireVhost(vhost);
        Exchange x = requireExchange(v, source);
        Object dest = destination(v, destinationType, destination);
        for (BindingInfo b : Bindings.between(v, x, dest)) {
            if (Bindings.sameKey(b.propertiesKey(), propertiesKey)) {
                v.unbind(x, dest, b.routingKey(), b.arguments());
                MessageOps.await(v.definitionsBarrier());
                return true;
            }
        }
        return false;
    }

    Exchange requireExchange(VirtualHost v, String name) {
        Exchange x = v.exchange(name);
        if (x == null) {
            throw AdminException.notFound("no exchange '%s' in vhost '%s'", name, v.name());
        }
        return x;
    }

    private Object destination(VirtualHost v, String type, String name) {
        return switch (type) {
            case "queue" -> requireQueue(v.name(), name);
            case "exchange" -> requireExchange(v, name);
            default -> throw AdminException.badRequest("destination type '%s' (expected: queue or exchange)", type);
        };
    }

    // ---- messages ----

    /** Publishes through the exchange's routing, as basic.publish; true when a queue received it. */
    public boolean publish(String vhost, String exchange, String routingKey, Map<String, Object> properties,
                           byte[] payload) {
        VirtualHost v = requireVhost(vhost);
        return messages.publish(v, requireExchange(v, exchange), routingKey, properties, payload);
    }

    /** Fetches up to {@code count} messages, settled by {@code mode}; {@code truncate} < 0 keeps whole bodies. */
    public List<GotMessage> get(String vhost, String queue, AckMode mode, int count, int truncate) {
        return messages.get(requireQueue(vhost, queue), mode, count, truncate);
    }

    // ---- connections, channels, consumers ----

    public List<ConnectionInfo> connections() {
        return connections.connections();
    }

    public List<ChannelInfo> channels() {
        return connections.channels();
    }

    public List<ConsumerInfo> consumers() {
        return connections.consumers();
    }

    /** Closes a connection with CONNECTION_FORCED and this reason; false when there is no such connection. */
    public boolean closeConnection(String name, String reason) {
        AmqpConnection c = connections.find(name);
        if (c == null) {
            return false;
        }
        c.closeByBroker(reason);
        return true;
    }

    // ---- policies and operator policies (RabbitMQ's set_policy and set_operator_policy) ----

    /** Policies of one vhost, or of all when {@code vhost} is null, by vhost and then precedence. */
    public List<PolicyInfo> policies(String vhost) {
        return policies(vhost, false);
    }

    /** Policies, or operator policies, of one vhost or of all when {@code vhost} is null. */
    public List<PolicyInfo> policies(String vhost, boolean operator) {
        List<PolicyInfo> out = new ArrayList<>();
        for (VirtualHost v : scope(vhost)) {
            for (Policy p : v.policies(operator)) {
                out.add(info(p));
            }
        }
        return out;
    }

    public PolicyInfo policy(String vhost, String name) {
        return policy(vhost, name, false);
    }

    public PolicyInfo policy(String vhost, String name, boolean operator) {
        Policy p = requireVhost(vhost).policy(operator, name);
        if (p == null) {
            throw AdminException.notFound("no %s '%s' in vhost '%s'", operator ? "operator policy" : "policy", name,
                    vhost);
        }
        return info(p);
    }

    /**
     * Sets a policy (validated as RabbitMQ does; the reason of a BAD_REQUEST is RabbitMQ's text); it applies at
     * once to the queues and exchanges it matches. True when it is new.
     *
     * @param applyTo  null for "all"
     * @param priority an integral number, or null for 0
     */
    public boolean putPolicy(String vhost, String name, String pattern, String applyTo, Object priority,
                             Map<String, Object> definition) {
        return putPolicy(vhost, name, pattern, applyTo, priority, definition, false);
    }

    /** As {@link #putPolicy(String, String, String, String, Object, Map)}; an operator policy when asked. */
    public boolean putPolicy(String vhost, String name, String pattern, String applyTo, Object priority,
                             Map<String, Object> definition, boolean operator) {
        VirtualHost v = requireVhost(vhost);
        Policy p;
        try {
            p = Policy.of(vhost, name, pattern, applyTo, priority, definition, operator);
        } catch (InvalidPolicyException e) {
            throw AdminException.badRequest("%s", e.getMessage());
        }
        return MessageOps.await(v.putPolicy(p));
    }

    public boolean deletePolicy(String vhost, String name) {
        return deletePolicy(vhost, name, false);
    }

    public boolean deletePolicy(String vhost, String name, boolean operator) {
        return MessageOps.await(requireVhost(vhost).deletePolicy(operator, name));
    }

    private static PolicyInfo info(Policy p) {
        return new PolicyInfo(p.vhost(), p.name(), p.pattern(), p.applyTo().wireName(), p.priority(),
                p.definition(), p.operator());
    }

    // ---- users and permissions ----

    public List<UserInfo> users() {
        return access.users();
    }

    public UserInfo user(String name) {
        return access.user(name);
    }

    /**
     * Creates or updates a user. A {@code password} is hashed; otherwise {@code passwordHash} (RabbitMQ's sha256
     * format) is stored as given; with neither, an existing user keeps its hash and a new one cannot log in
     * with a password. Returns true when the user was created.
     */
    public boolean putUser(String name, String password, String passwordHash, List<String> tags) {
        return access.putUser(name, password, passwordHash, tags);
    }

    public boolean deleteUser(String name) {
        return access.deleteUser(name);
    }

    /** The user if the password matches and the peer may log in as that user (guest: loopback only). */
    public UserInfo authenticate(String name, String password, SocketAddress peer) {
        return access.authenticate(name, password, peer);
    }

    public List<PermissionInfo> permissions() {
        return access.permissions();
    }

    public PermissionInfo permission(String vhost, String user) {
        return access.permission(vhost, user);
    }

    /** Sets a permission (it applies to new AMQP connections at once); true when it was new. */
    public boolean setPermission(PermissionInfo p) {
        requireVhost(p.vhost());
        return access.setPermission(p);
    }

    public boolean clearPermission(String vhost, String user) {
        return access.clearPermission(vhost, user);
    }

    // ---- definitions ----

    public Definitions exportDefinitions() {
        return DefinitionsIO.export(this, broker);
    }

    /** Applies definitions (merging with what exists, as RabbitMQ does): vhosts, users, permissions, then topology. */
    public void importDefinitions(Definitions d) {
        DefinitionsIO.apply(this, d);
    }
}
