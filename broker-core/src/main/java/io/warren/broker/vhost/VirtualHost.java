package io.warren.broker.vhost;

import io.warren.broker.message.Message;
import io.warren.broker.policy.Policy;
import io.warren.broker.queue.ClassicQueue;
import io.warren.broker.queue.Queue;
import io.warren.broker.queue.QueueArguments;
import io.warren.broker.queue.QueueLoops;
import io.warren.broker.queue.QueueStorage;
import io.warren.broker.queue.StreamArguments;
import io.warren.broker.queue.StreamQueue;
import io.warren.broker.security.CountedLimit;
import io.warren.codec.AmqpException;
import io.warren.exchange.ExchangeType;
import io.warren.exchange.HeaderView;
import io.warren.exchange.Router;
import io.warren.store.meta.BindingDef;
import io.warren.store.meta.ExchangeDef;
import io.warren.store.meta.QueueDef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A virtual host: its exchanges, queues and bindings.
 *
 * <p>Thread-safety: lookups and {@link #route} are lock-free (concurrent maps and immutable routing snapshots)
 * and run on every connection's event loop. Definition changes (declare, delete, bind, unbind) are serialized
 * by this object's monitor; they are rare and in-memory. Reply texts follow RabbitMQ's wording.
 */
public final class VirtualHost {
    public static final String MAX_CONNECTIONS = "max-connections";
    public static final String MAX_QUEUES = "max-queues";
    /** RabbitMQ's predeclared exchanges. */
    private static final List<ExchangeSpec> PREDECLARED = List.of(
            new ExchangeSpec("", ExchangeType.DIRECT, true, false, false, Map.of()),
            new ExchangeSpec("amq.direct", ExchangeType.DIRECT, true, false, false, Map.of()),
            new ExchangeSpec("amq.fanout", ExchangeType.FANOUT, true, false, false, Map.of()),
            new ExchangeSpec("amq.topic", ExchangeType.TOPIC, true, false, false, Map.of()),
            new ExchangeSpec("amq.headers", ExchangeType.HEADERS, true, false, false, Map.of()),
            new ExchangeSpec("amq.match", ExchangeType.HEADERS, true, false, false, Map.of()));

    private final String name;
    private final QueueLoops loops;
    private final DurableDefinitions definitions;
    private final QueueStorage storage;
    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final AtomicInteger openConnections = new AtomicInteger();
    /** RabbitMQ's vhost limits by name; a negative value means none. */
    private volatile Map<String, Long> limits = Map.of();
    private final VhostPolicies policies = new VhostPolicies();

    public VirtualHost(String name, QueueLoops loops, DurableDefinitions definitions, QueueStorage storage) {
        this.name = name;
        this.loops = loops;
        this.definitions = definitions;
        this.storage = storage;
        for (ExchangeSpec spec : PREDECLARED) {
            exchanges.put(spec.name(), new Exchange(name, spec));
        }
    }

    public String name() {
        return name;
    }

    /** Completes once every durable definition change made so far is on disk. */
    public CompletableFuture<Void> definitionsBarrier() {
        return definitions.barrier();
    }

    public Collection<Exchange> exchanges() {
        return exchanges.values();
    }

    public Collection<Queue> queues() {
        return queues.values();
    }

    public Exchange exchange(String exchangeName) {
        return exchanges.get(exchangeName);
    }

    public Exchange requireExchange(String exchangeName) {
        Exchange x = exchanges.get(exchangeName);
        if (x == null) {
            throw AmqpException.notFound("no exchange '%s' in vhost '%s'", exchangeName, name);
        }
        return x;
    }

    public Queue queue(String queueName) {
        return queues.get(queueName);
    }

    /** The queue, if it exists and the connection may use it (exclusive queues belong to one connection). */
    public Queue requireQueue(String queueName, Object connection) {
        Queue q = queues.get(queueName);
        if (q == null) {
            throw AmqpException.notFound("no queue '%s' in vhost '%s'", queueName, name);
        }
        checkExclusiveAccess(q, connection);
        return q;
    }

    private void checkExclusiveAccess(Queue q, Object connection) {
        if (q.exclusive() && q.exclusiveOwner() != connection) {
            throw lockedError(q);
        }
    }

    private AmqpException lockedError(Queue q) {
        return AmqpException.resourceLocked("cannot obtain exclusive access to locked queue '%s' in vhost '%s'. "
                + "It could be originally declared on another connection or the exclusive property value does "
                + "not match that of the original declaration.", q.name(), name);
    }

    // ---- restoring stored definitions at start (nothing is written back) ----

    /** Restores a stored durable exchange; false for a predeclared one (they always exist). */
    public synchronized boolean restoreExchange(ExchangeDef def) {
        if (exchanges.containsKey(def.name())) {
            return false;
        }
        ExchangeType type = ExchangeType.fromName(def.type())
                .orElseThrow(() -> new IllegalStateException("stored exchange '" + def.name() + "' has unknown type "
                        + def.type()));
        Exchange x = new Exchange(name, new ExchangeSpec(def.name(), type, def.durable(), def.autoDelete(),
                def.internal(), DurableDefinitions.fromStored(def.arguments())));
        x.policy(policies.forExchange(x.name()));
        exchanges.put(def.name(), x);
        return true;
    }

    /** Restores a stored durable queue or stream with the messages its store holds. */
    public synchronized void restoreQueue(QueueDef def) {
        Map<String, Object> args = DurableDefinitions.fromStored(def.arguments());
        if (QueueDef.STREAM.equals(def.type())) {
            StreamQueue s = new StreamQueue(name, def.name(), args, streamArguments(def.name(), args),
                    loops.loopFor(name, def.name()), storage, definitions.groupOffsets(),
                    definitions.groupOffsets().load(name, def.name()));
            s.awaitOpen();
            queues.put(def.name(), s);
            return;
        }
        ClassicQueue q = new ClassicQueue(name, def.name(), true, def.autoDelete(), null, args,
                loops.loopFor(name, def.name()), this::onQueueGone, storage, this::deadLetter);
        applyPolicy(q);  // before the recovery: recovered messages take the TTL in force
        q.recover();
        queues.put(def.name(), q);
    }

    /** Restores a stored binding; false when one of its ends is gone. */
    public synchronized boolean restoreBinding(BindingDef def) {
        Exchange source = exchanges.get(def.source());
        Object destination = def.destinationIsQueue() ? queues.get(def.destination())
                : exchanges.get(def.destination());
        if (source == null || destination == null) {
            return false;
        }
        Router<Object> next = source.router().copy();
        next.bind(destination, def.routingKey(), DurableDefinitions.fromStored(def.arguments()));
        source.router(next);
        return true;
    }

    // ---- exchanges ----

    public synchronized Exchange declareExchange(ExchangeSpec spec) {
        Exchange existing = exchanges.get(spec.name());
        if (existing != null) {
            ExchangeEquivalence.check(existing, spec);
            return existing;
        }
        if (spec.name().startsWith("amq.")) {
            throw AmqpException.accessRefused("exchange name '%s' contains reserved prefix 'amq.*'", spec.name());
        }
        Exchange x = new Exchange(name, spec);
        x.policy(policies.forExchange(x.name()));
        exchanges.put(spec.name(), x);
        definitions.exchangeDeclared(x);
        return x;
    }

    public synchronized void deleteExchange(String exchangeName, boolean ifUnused) {
        if (exchangeName.isEmpty()) {
            throw defaultExchangeRefused();
        }
        if (exchangeName.startsWith("amq.")) {
            throw AmqpException.accessRefused("deletion of system exchange '%s' in vhost '%s' not allowed",
                    exchangeName, name);
        }
        Exchange x = exchanges.get(exchangeName);
        if (x == null) {
            return; // idempotent, as RabbitMQ
        }
        if (ifUnused && !x.router().isEmpty()) {
            throw AmqpException.preconditionFailed("%s in use", x);
        }
        removeExchange(x);
    }

    private void removeExchange(Exchange x) {
        exchanges.remove(x.name());
        definitions.exchangeDeleted(x); // the store drops its bindings too
        x.router(x.router().copy()); // keep in-flight routing consistent; drop our links below
        for (Exchange source : exchanges.values()) {
            unbindAllFrom(source, x);
        }
    }

    // ---- queues ----

    /**
     * Declares a queue or checks an existing one; returns it.
     *
     * @param serverNamed the broker generated the name ({@code amq.gen-...}), so the reserved prefix is allowed
     * @param near        the event loop of the declaring connection, or null: a new queue runs there when it can
     *                    ({@link QueueLoops#loopFor(String, String, java.util.concurrent.Executor)})
     */
    public synchronized Queue declareQueue(QueueSpec spec, Object connection, boolean serverNamed,
                                           java.util.concurrent.Executor near) {
        Queue existing = queues.get(spec.name());
        if (existing != null) {
            // RabbitMQ checks ownership strictly on redeclare: the owner must be exactly what this declare asks
            // for (this connection if exclusive, none otherwise), else RESOURCE_LOCKED, before any other check.
            if (existing.exclusiveOwner() != (spec.exclusive() ? connection : null)) {
                throw lockedError(existing);
            }
            QueueEquivalence.check(existing, spec, name);
            return existing;
        }
        if (spec.name().startsWith("amq.") && !serverNamed) {
            throw AmqpException.accessRefused("queue name '%s' contains reserved prefix 'amq.*'", spec.name());
        }
        long maxQueues = limit(MAX_QUEUES);
        if (maxQueues >= 0 && queues.size() >= maxQueues) {
            throw AmqpException.preconditionFailed("cannot declare queue '%s': queue limit in vhost '%s' (%d) is "
                    + "reached", spec.name(), name, maxQueues);
        }
        String type = QueueArguments.queueType(spec.arguments());
        Queue q;
        if (QueueDef.STREAM.equals(type)) {
            StreamArguments.checkProperties(spec.name(), name, spec.durable(), spec.exclusive(), spec.autoDelete());
            q = new StreamQueue(name, spec.name(), spec.arguments(), streamArguments(spec.name(), spec.arguments()),
                    loops.loopFor(name, spec.name(), near), storage, definitions.groupOffsets(), Map.of());
        } else {
            if (QueueArguments.QUORUM.equals(type)) {
                QueueArguments.checkQuorumProperties(spec.name(), name, spec.durable(), spec.exclusive(),
                        spec.autoDelete(), serverNamed);
            }
            type = QueueDef.CLASSIC; // a quorum queue is stored as a classic one; its arguments say quorum
            q = new ClassicQueue(name, spec.name(), spec.durable(), spec.autoDelete(),
                    spec.exclusive() ? connection : null, spec.arguments(), loops.loopFor(name, spec.name(), near),
                    this::onQueueGone, storage, this::deadLetter);
        }
        applyPolicy(q);
        queues.put(spec.name(), q);
        definitions.queueDeclared(q, type);
        return q;
    }

    // ---- limits ----

    /** The vhost's limits ({@link #MAX_CONNECTIONS}, {@link #MAX_QUEUES}) as set; negative values mean none. */
    public Map<String, Long> limits() {
        return limits;
    }

    /** Replaces the limits and stores them; existing connections and queues above a new limit stay. */
    public CompletableFuture<Void> setLimits(Map<String, Long> newLimits) {
        limits = Map.copyOf(newLimits);
        return definitions.vhostLimitsSet(name, limits);
    }

    /** The limits read back at start. */
    public void restoreLimits(Map<String, Long> stored) {
        limits = Map.copyOf(stored);
    }

    private long limit(String key) {
        return CountedLimit.of(limits, key);
    }

    /**
     * Counts a connection opening on this vhost unless {@code max-connections} is reached; false then (the caller
     * refuses connection.open). Each success is paired with one {@link #connectionClosed}.
     */
    public boolean tryOpenConnection() {
        return CountedLimit.tryIncrement(openConnections, limit(MAX_CONNECTIONS));
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /** The {@code max-connections} limit in force, for the refusal's text. */
    public long maxConnections() {
        return limit(MAX_CONNECTIONS);
    }

    // ---- policies ----

    /** The vhost's policies, or its operator policies, highest precedence first. */
    public List<Policy> policies(boolean operator) {
        return policies.all(operator);
    }

    public Policy policy(boolean operator, String policyName) {
        return policies.get(operator, policyName);
    }

    /** The policy (or operator policy) in force for the queue called {@code queueName}, or null. */
    public Policy policyForQueue(boolean operator, String queueName) {
        return policies.forQueue(operator, queueName);
    }

    /**
     * Adds or replaces a policy (or operator policy), stores it and applies it at once to every queue and exchange
     * it now governs (and stops applying the one it replaced); completes when it is on disk with true when the
     * policy is new.
     */
    public synchronized CompletableFuture<Boolean> putPolicy(Policy policy) {
        boolean created = policies.put(policy) == null;
        CompletableFuture<Void> stored = definitions.policyPut(policy);
        reapplyPolicies();
        return stored.thenApply(v -> created);
    }

    /** Deletes a policy (or operator policy); what it governed runs without it. False when there was none. */
    public synchronized CompletableFuture<Boolean> deletePolicy(boolean operator, String policyName) {
        Policy removed = policies.remove(operator, policyName);
        if (removed == null) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Void> stored = definitions.policyDeleted(name, policyName, operator);
        reapplyPolicies();
        return stored.thenApply(v -> true);
    }

    /** Restores a stored policy at start, before the exchanges and queues it governs (nothing is written back). */
    public synchronized void restorePolicy(Policy policy) {
        policies.put(policy);
    }

    private void reapplyPolicies() {
        for (Exchange x : exchanges.values()) {
            if (!x.isDefault()) {
                x.policy(policies.forExchange(x.name()));
            }
        }
        for (Queue q : queues.values()) {
            q.reconfigure(policies.effectiveArguments(q.name(), q.arguments(), q instanceof StreamQueue));
        }
    }

    /** A stream's arguments combined with the policies that apply to its name now. */
    private Map<String, Object> streamArguments(String queue, Map<String, Object> declared) {
        return policies.effectiveArguments(queue, declared, true);
    }

    private void applyPolicy(Queue q) {
        Map<String, Object> effective = policies.effectiveArguments(q.name(), q.arguments(), q instanceof StreamQueue);
        if (effective != q.arguments()) {
            q.reconfigure(effective);
        }
    }

    /** Deletes a queue after its own checks (if-unused, if-empty); completes with the messages dropped. */
    public CompletableFuture<Integer> deleteQueue(Queue q, boolean ifUnused, boolean ifEmpty) {
        return q.delete(ifUnused, ifEmpty).thenApply(n -> {
            onQueueGone(q);
            return n;
        });
    }

    /** Deletes every exclusive queue of a closing connection. */
    public void deleteExclusiveQueues(Object connection) {
        for (Queue q : queues.values()) {
            if (q.exclusive() && q.exclusiveOwner() == connection) {
                deleteQueue(q, false, false);
            }
        }
    }

    /** Broker shutdown (or vhost deletion): every queue frees its memory and closes its files. */
    public CompletableFuture<Void> shutdown() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Queue q : queues.values()) {
            done.add(q.shutdown());
        }
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
    }

    private synchronized void onQueueGone(Queue q) {
        if (!queues.remove(q.name(), q)) {
            return;
        }
        definitions.queueDeleted(q); // the store drops its bindings too
        for (Exchange source : exchanges.values()) {
            unbindAllFrom(source, q);
        }
    }

    // ---- bindings ----

    public synchronized void bind(Exchange source, Object destination, String key, Map<String, Object> args) {
        if (source.isDefault()) {
            throw defaultExchangeRefused();
        }
        Router<Object> next = source.router().copy();
        if (next.bind(destination, key, args)) {
            source.router(next);
            definitions.bindingAdded(name, source, destination, key, args);
        }
    }

    public synchronized void unbind(Exchange source, Object destination, String key, Map<String, Object> args) {
        if (source.isDefault()) {
            throw defaultExchangeRefused();
        }
        Router<Object> next = source.router().copy();
        if (next.unbind(destination, key, args)) {
            source.router(next);
            definitions.bindingRemoved(name, source, destination, key, args);
            autoDeleteIfUnused(source);
        }
    }

    private void unbindAllFrom(Exchange source, Object destination) {
        if (source.isDefault()) {
            return;
        }
        Router<Object> next = source.router().copy();
        if (next.unbindAll(destination) > 0) {
            source.router(next);
            autoDeleteIfUnused(source);
        }
    }

    private void autoDeleteIfUnused(Exchange x) {
        if (x.autoDelete() && x.router().isEmpty() && exchanges.get(x.name()) == x) {
            removeExchange(x);
        }
    }

    /** RabbitMQ refuses any binding operation naming the default exchange, before looking anything up. */
    public static void checkNotDefault(String exchangeName) {
        if (exchangeName.isEmpty()) {
            throw defaultExchangeRefused();
        }
    }

    private static AmqpException defaultExchangeRefused() {
        return AmqpException.accessRefused("operation not permitted on the default exchange");
    }

    // ---- routing (lock-free, hot path) ----

    /** Routes a message a queue dead-letters (see {@link io.warren.broker.queue.DeadLetterSink}). Any thread. */
    private void deadLetter(String exchange, String routingKey, Message m, HeaderView headers, Predicate<Queue> skip) {
        try {
            Exchange x = exchanges.get(exchange);
            if (x != null) {  // no dead-letter exchange (yet): dropped, as RabbitMQ does
                enqueueRouted(x, routingKey, headers, m, skip);
            }
        } finally {
            m.release();
        }
    }

    /**
     * Publishes a message the broker itself sends (a dead letter, a management publish): routes it from
     * {@code x} and enqueues a reference in every queue reached that {@code skip} does not name, without
     * confirms. The caller keeps its reference. Returns the queues reached. Any thread.
     */
    public Set<Queue> enqueueRouted(Exchange x, String routingKey, HeaderView headers, Message m,
                                    Predicate<Queue> skip) {
        Set<Queue> routed = new HashSet<>();
        route(x, routingKey, List.of(), headers, routed, new ArrayList<>(), new ArrayList<>());
        x.countPublish(routed.size());
        for (Queue q : routed) {
            if (!skip.test(q)) {
                q.enqueue(List.of(m.retain()), null, null);
            }
        }
        return routed;
    }

    /**
     * Adds to {@code out} every queue the message reaches from {@code x} with its routing key and any extra keys
     * (CC/BCC), through exchange-to-exchange bindings (each exchange visited once, so cycles end). As in
     * RabbitMQ, an exchange's alternate exchange is used only when the exchange's own bindings select no
     * destination at all for any of the keys.
     *
     * @param scratch a list the caller reuses between publishes (left as it was given)
     */
    public void route(Exchange x, String routingKey, List<String> extraKeys, HeaderView headers, Set<Queue> out,
                      List<Exchange> visited, List<Object> scratch) {
        // The path is short (usually just x): an identity scan beats hashing.
        for (int i = 0; i < visited.size(); i++) {
            if (visited.get(i) == x) {
                return;
            }
        }
        visited.add(x);
        int start = scratch.size();
        if (x.isDefault()) {
            addQueue(routingKey, scratch);
            for (int i = 0; i < extraKeys.size(); i++) {
                addQueue(extraKeys.get(i), scratch);
            }
        } else {
            Router<Object> router = x.router();
            if (!router.isEmpty()) {
                router.route(routingKey, headers, scratch);
                for (int i = 0; i < extraKeys.size(); i++) {
                    router.route(extraKeys.get(i), headers, scratch);
                }
            }
        }
        int end = scratch.size();
        if (end == start) {
            Exchange ae = x.alternateExchange() == null ? null : exchanges.get(x.alternateExchange());
            if (ae != null) {
                route(ae, routingKey, extraKeys, headers, out, visited, scratch);
            }
            return;
        }
        for (int i = start; i < end; i++) {
            Object d = scratch.get(i);
            if (d instanceof Queue q) {
                out.add(q);
            } else if (d instanceof Exchange e) {
                route(e, routingKey, extraKeys, headers, out, visited, scratch);
            }
        }
        for (int i = scratch.size() - 1; i >= start; i--) {
            scratch.remove(i);
        }
    }

    private void addQueue(String name, List<Object> scratch) {
        Queue q = queues.get(name);
        if (q != null) {
            scratch.add(q);
        }
    }
}
