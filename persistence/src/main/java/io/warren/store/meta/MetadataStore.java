package io.warren.store.meta;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Durable definitions: vhosts, users, permissions, exchanges, queues, bindings, policies, stream consumer-group
 * offsets and global runtime parameters.
 * <p>A put replaces the entity with the same identity (vhost and name; user and vhost for permissions; every
 * field, arguments by value, for bindings). Every mutating call is one transaction: durable when it returns, all or
 * nothing. Deletes cascade as RabbitMQ's do: a vhost takes its permissions, exchanges, queues, bindings, policies
 * and group offsets; a user takes its permissions; an exchange takes the bindings from or to it; a queue takes the
 * bindings to it and, for a stream, its group offsets. Lists are sorted by identity.
 * <p>Thread-safety: every method is thread-safe (definitions change rarely, so calls are simply serialized). A
 * mutating call waits for a disk commit, so callers must never call it on a Netty event loop or on the publish path.
 */
public interface MetadataStore extends AutoCloseable {
    void putVhost(VhostDef vhost);

    /** Deletes the vhost and everything in it; false if it did not exist. */
    boolean deleteVhost(String name);

    Optional<VhostDef> vhost(String name);

    List<VhostDef> vhosts();

    void putUser(UserDef user);

    /** Deletes the user and its permissions; false if it did not exist. */
    boolean deleteUser(String name);

    Optional<UserDef> user(String name);

    List<UserDef> users();

    void putPermission(PermissionDef permission);

    boolean deletePermission(String user, String vhost);

    List<PermissionDef> permissions();

    void putExchange(ExchangeDef exchange);

    /** Deletes the exchange and every binding whose source or destination it is; false if it did not exist. */
    boolean deleteExchange(String vhost, String name);

    List<ExchangeDef> exchanges();

    void putQueue(QueueDef queue);

    /** Deletes the queue, the bindings to it and its consumer-group offsets; false if it did not exist. */
    boolean deleteQueue(String vhost, String name);

    List<QueueDef> queues();

    void putBinding(BindingDef binding);

    boolean deleteBinding(BindingDef binding);

    List<BindingDef> bindings();

    /** Stores a policy or, when {@link PolicyDef#operator()}, an operator policy. */
    void putPolicy(PolicyDef policy);

    /** Deletes the policy (or operator policy) of that name; false if it did not exist. */
    boolean deletePolicy(String vhost, String name, boolean operator);

    /** Deletes the (non-operator) policy of that name; false if it did not exist. */
    default boolean deletePolicy(String vhost, String name) {
        return deletePolicy(vhost, name, false);
    }

    /** The policies, then the operator policies. */
    List<PolicyDef> policies();

    /** Stores the offset of consumer group {@code group} on stream {@code stream}. */
    void putGroupOffset(String vhost, String stream, String group, long offset);

    OptionalLong groupOffset(String vhost, String stream, String group);

    /** Every group's offset on {@code stream}, by group name. */
    Map<String, Long> groupOffsets(String vhost, String stream);

    /** Deletes the offset of one group (a reset); false when it had none. */
    boolean deleteGroupOffset(String vhost, String stream, String group);

    /** Deletes every group offset of {@code stream}. */
    void deleteGroupOffsets(String vhost, String stream);

    /** Stores a global runtime parameter (RabbitMQ's {@code cluster_name} and others): its value as JSON text. */
    void putGlobalParameter(String name, String json);

    /** Deletes a global runtime parameter; false if there was none of that name. */
    boolean deleteGlobalParameter(String name);

    /** The global runtime parameters by name, sorted: their values as JSON text. */
    Map<String, String> globalParameters();

    @Override
    void close();
}
