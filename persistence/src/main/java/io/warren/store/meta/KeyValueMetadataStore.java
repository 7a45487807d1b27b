package io.warren.store.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link MetadataStore} logic over string-keyed maps of encoded values ({@link MetaKeys}, {@link DefinitionCodec}),
 * shared by the MapDB store and the in-memory one so that both behave alike, cascades included.
 * <p>Thread-safety: every public method is {@code synchronized}; a mutation runs and commits under that lock.
 */
abstract sealed class KeyValueMetadataStore implements MetadataStore
        permits MapDbMetadataStore, InMemoryMetadataStore {
    /** The maps, named as in {@code meta.db}. */
    enum Table {
        VHOSTS("vhosts"), USERS("users"), PERMISSIONS("permissions"), EXCHANGES("exchanges"), QUEUES("queues"),
        BINDINGS("bindings"), GROUP_OFFSETS("group_offsets"), POLICIES("policies"),
        OPERATOR_POLICIES("operator_policies"), GLOBAL_PARAMETERS("global_parameters");

        final String mapName;

        Table(String mapName) {
            this.mapName = mapName;
        }
    }

    private boolean closed;

    protected abstract Map<String, byte[]> table(Table t);

    protected abstract void commit();

    protected abstract void rollback();

    protected abstract void closeStorage();

    @Override
    public synchronized void putVhost(VhostDef v) {
        byte[] value = DefinitionCodec.encode(v);
        mutate(() -> table(Table.VHOSTS).put(MetaKeys.key(v.name()), value));
    }

    @Override
    public synchronized boolean deleteVhost(String name) {
        return mutate(() -> {
            String prefix = MetaKeys.key(name);
            for (Table t : new Table[] {Table.PERMISSIONS, Table.EXCHANGES, Table.QUEUES, Table.BINDINGS,
                    Table.GROUP_OFFSETS, Table.POLICIES, Table.OPERATOR_POLICIES}) {
                removeIf(t, (k, v) -> k.startsWith(prefix));
            }
            return table(Table.VHOSTS).remove(prefix) != null;
        });
    }

    @Override
    public synchronized Optional<VhostDef> vhost(String name) {
        return get(Table.VHOSTS, MetaKeys.key(name), DefinitionCodec::decodeVhost);
    }

    @Override
    public synchronized List<VhostDef> vhosts() {
        return list(Table.VHOSTS, DefinitionCodec::decodeVhost);
    }

    @Override
    public synchronized void putUser(UserDef u) {
        byte[] value = DefinitionCodec.encode(u);
        mutate(() -> table(Table.USERS).put(MetaKeys.key(u.name()), value));
    }

    @Override
    public synchronized boolean deleteUser(String name) {
        return mutate(() -> {
            removeIf(Table.PERMISSIONS, (k, v) -> DefinitionCodec.decodePermission(v).user().equals(name));
            return table(Table.USERS).remove(MetaKeys.key(name)) != null;
        });
    }

    @Override
    public synchronized Optional<UserDef> user(String name) {
        return get(Table.USERS, MetaKeys.key(name), DefinitionCodec::decodeUser);
    }

    @Override
    public synchronized List<UserDef> users() {
        return list(Table.USERS, DefinitionCodec::decodeUser);
    }

    @Override
    public synchronized void putPermission(PermissionDef p) {
        byte[] value = DefinitionCodec.encode(p);
        mutate(() -> table(Table.PERMISSIONS).put(MetaKeys.key(p.vhost(), p.user()), value));
    }

    @Override
    public synchronized boolean deletePermission(String user, String vhost) {
        return mutate(() -> table(Table.PERMISSIONS).remove(MetaKeys.key(vhost, user)) != null);
    }

    @Override
    public synchronized List<PermissionDef> permissions() {
        return list(Table.PERMISSIONS, DefinitionCodec::decodePermission);
    }

    @Override
    public synchronized void putExchange(ExchangeDef e) {
        byte[] value = DefinitionCodec.encode(e);
        mutate(() -> table(Table.EXCHANGES).put(MetaKeys.key(e.vhost(), e.name()), value));
    }

    @Override
    public synchronized boolean deleteExchange(String vhost, String name) {
        return mutate(() -> {
            String prefix = MetaKeys.key(vhost);
            removeIf(Table.BINDINGS, (k, v) -> {
                if (!k.startsWith(prefix)) {
                    return false;
                }
                BindingDef b = DefinitionCodec.decodeBinding(v);
                return b.source().equals(name) || (!b.destinationIsQueue() && b.destination().equals(name));
            });
            return table(Table.EXCHANGES).remove(MetaKeys.key(vhost, name)) != null;
        });
    }

    @Override
    public synchronized List<ExchangeDef> exchanges() {
        return list(Table.EXCHANGES, DefinitionCodec::decodeExchange);
    }

    @Override
    public synchronized void putQueue(QueueDef q) {
        byte[] value = DefinitionCodec.encode(q);
        mutate(() -> table(Table.QUEUES).put(MetaKeys.key(q.vhost(), q.name()), value));
    }

    @Override
    public synchronized boolean deleteQueue(String vhost, String name) {
        return mutate(() -> {
            String prefix = MetaKeys.key(vhost);
            removeIf(Table.BINDINGS, (k, v) -> {
                if (!k.startsWith(prefix)) {
                    return false;
                }
                BindingDef b = DefinitionCodec.decodeBinding(v);
                return b.destinationIsQueue() && b.destination().equals(name);
            });
            String offsets = MetaKeys.key(vhost, name);
            removeIf(Table.GROUP_OFFSETS, (k, v) -> k.startsWith(offsets));
            return table(Table.QUEUES).remove(offsets) != null;
        });
    }

    @Override
    public synchronized List<QueueDef> queues() {
        return list(Table.QUEUES, DefinitionCodec::decodeQueue);
    }

    @Override
    public synchronized void putBinding(BindingDef b) {
        byte[] value = DefinitionCodec.encode(b);
        mutate(() -> table(Table.BINDINGS).put(MetaKeys.binding(b), value));
    }

    @Override
    public synchronized boolean deleteBinding(BindingDef b) {
        return mutate(() -> table(Table.BINDINGS).remove(MetaKeys.binding(b)) != null);
    }

    @Override
    public synchronized List<BindingDef> bindings() {
        return list(Table.BINDINGS, DefinitionCodec::decodeBinding);
    }

    @Override
    public synchronized void putPolicy(PolicyDef p) {
        byte[] value = DefinitionCodec.encode(p);
        mutate(() -> table(policyTable(p.operator())).put(MetaKeys.key(p.vhost(), p.name()), value));
    }

    @Override
    public synchronized boolean deletePolicy(String vhost, String name, boolean operator) {
        return mutate(() -> table(policyTable(operator)).remove(MetaKeys.key(vhost, name)) != null);
    }

    @Override
    public synchronized List<PolicyDef> policies() {
        List<PolicyDef> all = new ArrayList<>(list(Table.POLICIES, DefinitionCodec::decodePolicy));
        all.addAll(list(Table.OPERATOR_POLICIES, DefinitionCodec::decodeOperatorPolicy));
        return all;
    }

    @Override
    public synchronized void putGlobalParameter(String name, String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        mutate(() -> table(Table.GLOBAL_PARAMETERS).put(name, value));
    }

    @Override
    public synchronized boolean deleteGlobalParameter(String name) {
        return mutate(() -> table(Table.GLOBAL_PARAMETERS).remove(name) != null);
    }

    @Override
    public synchronized Map<String, String> globalParameters() {
        ensureOpen();
        Map<String, String> out = new TreeMap<>();
        table(Table.GLOBAL_PARAMETERS).forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    private static Table policyTable(boolean operator) {
        return operator ? Table.OPERATOR_POLICIES : Table.POLICIES;
    }

    @Override
    public synchronized void putGroupOffset(String vhost, String stream, String group, long offset) {
        byte[] value = DefinitionCodec.encodeOffset(offset);
        mutate(() -> table(Table.GROUP_OFFSETS).put(MetaKeys.key(vhost, stream, group), value));
    }

    @Override
    public synchronized OptionalLong groupOffset(String vhost, String stream, String group) {
        ensureOpen();
        byte[] v = table(Table.GROUP_OFFSETS).get(MetaKeys.key(vhost, stream, group));
        return v == null ? OptionalLong.empty() : OptionalLong.of(DefinitionCodec.decodeOffset(v));
    }

    @Override
    public synchronized Map<String, Long> groupOffsets(String vhost, String stream) {
        ensureOpen();
        String prefix = MetaKeys.key(vhost, stream);
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : table(Table.GROUP_OFFSETS).entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String rest = e.getKey().substring(prefix.length());
                out.put(rest.substring(rest.indexOf(':') + 1), DefinitionCodec.decodeOffset(e.getValue()));
            }
        }
        return out;
    }

    @Override
    public synchronized boolean deleteGroupOffset(String vhost, String stream, String group) {
        return mutate(() -> table(Table.GROUP_OFFSETS).remove(MetaKeys.key(vhost, stream, group)) != null);
    }

    @Override
    public synchronized void deleteGroupOffsets(String vhost, String stream) {
        String prefix = MetaKeys.key(vhost, stream);
        mutate(() -> removeIf(Table.GROUP_OFFSETS, (k, v) -> k.startsWith(prefix)));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeStorage();
        }
    }

    private void mutate(Runnable change) {
        mutate(() -> {
            change.run();
            return null;
        });
    }

    private <T> T mutate(Supplier<T> change) {
        ensureOpen();
        try {
            T result = change.get();
            commit();
            return result;
        } catch (RuntimeException | Error e) {
            rollback();
            throw e;
        }
    }

    private interface EntryPredicate {
        boolean test(String key, byte[] value);
    }

    private int removeIf(Table t, EntryPredicate p) {
        Map<String, byte[]> map = table(t);
        List<String> doomed = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            if (p.test(e.getKey(), e.getValue())) {
                doomed.add(e.getKey());
            }
        }
        doomed.forEach(map::remove);
        return doomed.size();
    }

    private <T> Optional<T> get(Table t, String key, Function<byte[], T> decode) {
        ensureOpen();
        byte[] v = table(t).get(key);
        return v == null ? Optional.empty() : Optional.of(decode.apply(v));
    }

    private <T> List<T> list(Table t, Function<byte[], T> decode) {
        ensureOpen();
        Map<String, byte[]> sorted = new TreeMap<>(table(t));
        List<T> out = new ArrayList<>(sorted.size());
        for (byte[] v : sorted.values()) {
            out.add(decode.apply(v));
        }
        return out;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("metadata store is closed");
        }
    }
}
