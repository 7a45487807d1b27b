package io.warren.broker.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.warren.broker.message.Message;

/**
 * A queue as the rest of the broker sees it. Every operation may be called from any thread; the queue runs it
 * on its own loop and answers through a future (completed on that loop) where an answer is needed.
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

    /** Counters the queue loop publishes for everyone else to read. */
    QueueStats stats();

    /**
     * Appends messages in order. Ownership of one reference of each message passes to the queue.
     *
     * @param onEnqueued runs on the queue loop once the batch is enqueued (flow control), may be null
     */
    void enqueue(List<Message> messages, Runnable onEnqueued);

    /** Acknowledged deliveries of this queue: they leave it for good. */
    void ack(List<QueueEntry> entries);

    /** Deliveries given back: they return to their original positions, marked redelivered. */
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

    /** Ready messages and consumers, counted on the queue loop after everything posted before (declare-ok). */
    CompletableFuture<Counts> counts();

    /** Completes once everything posted to the queue before it has been accepted (tx.commit-ok waits on it). */
    CompletableFuture<Void> barrier();

    /** What queue.declare-ok reports. */
    record Counts(int messages, int consumers) {
    }

    /** The result of basic.get: an entry (now owned by the caller) and the messages left. */
    record GetResult(QueueEntry entry, int messageCount) {
    }
}
