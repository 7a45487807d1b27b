package io.warren.broker.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.warren.broker.message.Message;

/**
 * A queue as the rest of the broker sees it: a {@link ClassicQueue} or a {@link StreamQueue}. Every operation may
 * be called from any thread; the queue runs it on its own loop and answers through a future (completed on that
 * loop) where an answer is needed.
 */
public interface Queue {
    String vhost();

    String name();

    boolean durable();

    boolean exclusive();

    boolean autoDelete();

    Map<String, Object> arguments();

    /** The connection that owns an exclusive queue, else null. */
    Object exclusiveOwner();

    /**
     * Runs from now on with {@code effective}: the declared arguments combined with the policy in force (the
     * declared ones again when no policy applies any more). Called by the vhost when policies change.
     */
    void reconfigure(Map<String, Object> effective);

    /** Counters the queue loop publishes for everyone else to read. */
    QueueStats stats();

    /**
     * Appends messages in order. Ownership of one reference of each message passes to the queue.
     *
     * @param onEnqueued runs on the queue loop once the batch is enqueued (flow control), may be null
     * @param onSafe     runs once the batch is safe: at once, or, for persistent messages of a durable queue, after
     *                   the fsync covering them (on the sync thread); its argument is null, the storage failure,
     *                   or {@link RejectedPublishes} naming the messages a length limit refused.
     *                   Null when nobody waits: the messages are then synced within the background interval.
     */
    void enqueue(List<Message> messages, Runnable onEnqueued, java.util.function.Consumer<Throwable> onSafe);

    /** Acknowledged deliveries of this queue: they leave a classic queue for good (a stream keeps them). */
    void ack(List<QueueEntry> entries);

    /**
     * Deliveries given back: they return to a classic queue's original positions, marked redelivered; a stream
     * just drops the delivery's copy.
     */
    void requeue(List<QueueEntry> entries);

    /** Registers a consumer; fails with ACCESS_REFUSED when exclusivity forbids it. */
    CompletableFuture<Void> addConsumer(Consumer consumer);

    /** Removes a consumer (basic.cancel, channel closed). An auto-delete queue losing its last consumer goes. */
    void removeConsumer(Consumer consumer);

    /** basic.get: the next ready message, or null. */
    CompletableFuture<GetResult> get(boolean noAck);

    /** Drops every ready message; completes with how many. */
    CompletableFuture<Integer> purge();

    /** Deletes the queue if the conditions hold; completes with the number of ready messages dropped. */
    CompletableFuture<Integer> delete(boolean ifUnused, boolean ifEmpty);

    /** Try delivering again: credit or writability came back. */
    void kick();

    /**
     * True while the queue cannot keep up with its publishers: it holds a large backlog although consumers could
     * take more. Publishing connections then pause (RabbitMQ's "flow" state) until {@link #whenRelieved}.
     * Safe from any thread.
     */
    boolean underPressure();

    /** Runs {@code action} on the queue loop once the queue is not under pressure (at once if it is not). */
    void whenRelieved(Runnable action);

    /** Ready messages and consumers, counted on the queue loop after everything posted before (declare-ok). */
    CompletableFuture<Counts> counts();

    /** Completes once everything posted to the queue before it is accepted and on disk (tx.commit-ok waits). */
    CompletableFuture<Void> barrier();

    /** Broker shutdown: frees memory and closes the queue's files, keeping a durable queue's messages. */
    CompletableFuture<Void> shutdown();

    /** What queue.declare-ok reports. */
    record Counts(int messages, int consumers) {
    }

    /** The result of basic.get: an entry (now owned by the caller) and the messages left. */
    record GetResult(QueueEntry entry, int messageCount) {
    }
}
