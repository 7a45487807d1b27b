package io.warren.broker.vhost;

import io.warren.broker.policy.Policy;
import io.warren.broker.queue.Queue;
import io.warren.codec.types.FieldTable;
import io.warren.store.meta.BindingDef;
import io.warren.store.meta.ExchangeDef;
import io.warren.store.meta.MetadataStore;
import io.warren.store.meta.PermissionDef;
import io.warren.store.meta.PolicyDef;
import io.warren.store.meta.QueueDef;
import io.warren.store.meta.UserDef;
import io.warren.store.meta.VhostDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes durable definitions to the metadata store, off the event loops.
 *
 * <p>A MapDB commit waits for the disk, so every write runs on one dedicated thread ({@code warren-meta}) in the
 * order it was submitted; callers get a future. Because the thread is FIFO, {@link #barrier()} (the future of the
 * last write submitted) completes once everything submitted before it is on disk: a channel awaits it before
 * answering declare-ok or bind-ok for a durable entity. Only durable entities are written, as RabbitMQ does.
 * Thread-safe.
 */
public final class DurableDefinitions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DurableDefinitions.class);

    private final MetadataStore store;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warren-meta");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    public DurableDefinitions(MetadataStore store) {
        this.store = store;
    }

    public MetadataStore store() {
        return store;
    }

    /** Completes when every write submitted so far is committed. */
    public synchronized CompletableFuture<Void> barrier() {
        return last;
    }

    private synchronized CompletableFuture<Void> submit(String what, Runnable write) {
        last = CompletableFuture.runAsync(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.error("cannot store definition change ({})", what, e);
                throw e;
            }
        }, writer);
        return last;
    }

    // ---- exchanges, queues, bindings ----

    void exchangeDeclared(Exchange x) {
        if (x.durable()) {
            submit("declare " + x, () -> store.putExchange(new ExchangeDef(x.vhost(), x.name(), x.type().wireName(),
                    x.durable(), x.autoDelete(), x.internal(), toStored(x.arguments()))));
        }
    }

    void exchangeDeleted(Exchange x) {
        if (x.durable()) {
            submit("delete " + x, () -> store.deleteExchange(x.vhost(), x.name()));
        }
    }

    /** Queues that come back after a restart: durable, neither exclusive nor auto-delete. */
    static boolean survivesRestart(Queue q) {
        return q.durable() && !q.exclusive() && !q.autoDelete();
    }

    void queueDeclared(Queue q, String type) {
        if (survivesRestart(q)) {
            submit("declare " + q, () -> store.putQueue(new QueueDef(q.vhost(), q.name(), true, false, false,
                    toStored(q.arguments()), type)));
        }
    }

    void queueDeleted(Queue q) {
        if (survivesRestart(q)) {
            submit("delete " + q, () -> store.deleteQueue(q.vhost(), q.name()));
        }
    }

    void bindingAdded(String vhost, Exchange source, Object destination, String key, Map<String, Object> args) {
        BindingDef def = bindingDef(vhost, source, destination, key, args);
        if (def != null) {
            submit("bind " + source, () -> store.putBinding(def));
        }
    }

    void bindingRemoved(String vhost, Exchange source, Object destination, String key, Map<String, Object> args) {
        BindingDef def = bindingDef(vhost, source, destination, key, args);
        if (def != null) {
            submit("unbind " + source, () -> store.deleteBinding(def));
        }
    }

    /** A binding is durable when both its ends are (RabbitMQ's rule); null otherwise. */
    private static BindingDef bindingDef(String vhost, Exchange source, Object destination, String key,
                                         Map<String, Object> args) {
        if (!source.durable()) {
            return null;
        }
        if (destination instanceof Queue q && survivesRestart(q)) {
            return new BindingDef(vhost, source.name(), q.name(), true, key, toStored(args));
        }
        if (destination instanceof Exchange e && e.durable()) {
            return new BindingDef(vhost, source.name(), e.name(), false, key, toStored(args));
        }
        return null;
    }

    // ---- stream consumer-group offsets ----

    /**
     * The store of streams' consumer-group offsets: writes go to the writer thread in order, after the
     * definition changes submitted before them (a stream's deletion, which drops its offsets, is never overtaken)
     * but outside {@link #barrier()}, so a commit never delays a declare-ok. Never blocks the caller.
     */
    public io.warren.broker.queue.GroupOffsetStore groupOffsets() {
        return new io.warren.broker.queue.GroupOffsetStore() {
            @Override
            public void commit(String vhost, String stream, String group, long offset) {
                background("commit offset of group " + group, () -> store.putGroupOffset(vhost, stream, group,
                        offset));
            }

            @Override
            public void delete(String vhost, String stream, String group) {
                background("reset group " + group, () -> store.deleteGroupOffset(vhost, stream, group));
            }

            @Override
            public Map<String, Long> load(String vhost, String stream) {
                return store.groupOffsets(vhost, stream);
            }
        };
    }

    private void background(String what, Runnable write) {
        try {
            writer.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    log.error("cannot store {}", what, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.warn("not stored after shutdown: {}", what);
        }
    }

    // ---- policies (always stored: they are part of the vhost, not of a durable entity) ----

    CompletableFuture<Void> policyPut(Policy p) {
        return submit("put policy " + p.name(), () -> store.putPolicy(new PolicyDef(p.vhost(), p.name(), p.pattern(),
                p.applyTo().wireName(), p.priority(), p.definition(), p.operator())));
    }

    CompletableFuture<Void> policyDeleted(String vhost, String name, boolean operator) {
        return submit("delete policy " + name, () -> store.deletePolicy(vhost, name, operator));
    }

    // ---- vhosts, users, permissions ----

    public CompletableFuture<Void> vhostAdded(String name) {
        return submit("add vhost " + name, () -> {
            if (store.vhost(name).isEmpty()) { // adding an existing vhost again keeps its limits
                store.putVhost(VhostDef.named(name));
            }
        });
    }

    public CompletableFuture<Void> globalParameterPut(String name, String json) {
        return submit("put global parameter " + name, () -> store.putGlobalParameter(name, json));
    }

    public CompletableFuture<Void> globalParameterDeleted(String name) {
        return submit("delete global parameter " + name, () -> store.deleteGlobalParameter(name));
    }

    CompletableFuture<Void> vhostLimitsSet(String name, Map<String, Long> limits) {
        return submit("set limits of vhost " + name, () ->
                store.putVhost(store.vhost(name).orElse(VhostDef.named(name)).withLimits(limits)));
    }

    public CompletableFuture<Void> vhostDeleted(String name) {
        return submit("delete vhost " + name, () -> store.deleteVhost(name));
    }

    public CompletableFuture<Void> userPut(String name, String passwordHash, List<String> tags) {
        return submit("put user " + name, () -> store.putUser(new UserDef(name, passwordHash,
                "rabbit_password_hashing_sha256", tags, store.user(name).map(UserDef::limits).orElse(Map.of()))));
    }

    public CompletableFuture<Void> userLimitsSet(String name, Map<String, Long> limits) {
        return submit("set limits of user " + name, () ->
                store.user(name).ifPresent(u -> store.putUser(u.withLimits(limits))));
    }

    public CompletableFuture<Void> userDeleted(String name) {
        return submit("delete user " + name, () -> store.deleteUser(name));
    }

    public CompletableFuture<Void> permissionPut(String user, String vhost, String configure, String write,
                                                 String read) {
        return submit("put permission " + user, () -> store.putPermission(new PermissionDef(user, vhost, configure,
                write, read)));
    }

    public CompletableFuture<Void> permissionDeleted(String user, String vhost) {
        return submit("delete permission " + user, () -> store.deletePermission(user, vhost));
    }

    // ---- argument values: wire types <-> what the store keeps ----

    /** Field tables become maps and timestamps dates, the types the metadata store encodes. */
    static Map<String, Object> toStored(Map<String, Object> args) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((k, v) -> out.put(k, toStoredValue(v)));
        return out;
    }

    private static Object toStoredValue(Object v) {
        if (v instanceof FieldTable t) {
            return toStored(t.asMap());
        } else if (v instanceof Instant i) {
            return Date.from(i);
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(toStoredValue(e)));
            return out;
        }
        return v;
    }

    /** The reverse of {@link #toStored}: what a declare with the same arguments would have produced. */
    public static Map<String, Object> fromStored(Map<String, Object> args) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((k, v) -> out.put(k, fromStoredValue(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object fromStoredValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return FieldTable.of(fromStored((Map<String, Object>) m));
        } else if (v instanceof Date d) {
            return Instant.ofEpochSecond(d.toInstant().getEpochSecond());
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(fromStoredValue(e)));
            return out;
        }
        return v;
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("metadata writes did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
