package io.warren.broker.queue;

import io.warren.broker.message.Message;

/**
 * One message in one queue: its position (sequence number) in that queue, the message, and whether it was
 * delivered before.
 *
 * <p>Ownership moves with the entry: the queue loop owns it while it is ready, the consuming channel's event
 * loop owns it while it is unacknowledged, and it goes back to the queue loop on requeue. Each hand-over goes
 * through an executor, which orders the writes, so the fields need no synchronization.
 */
public final class QueueEntry {
    final ClassicQueue queue;
    final long seq;
    final Message message;
    boolean redelivered;
    /** Set when dispatched: who received it (null for basic.get). */
    Consumer consumer;
    /** Where the message is stored, or null while it lives in memory only. */
    io.warren.store.queue.StoredPosition position;

    QueueEntry(ClassicQueue queue, long seq, Message message) {
        this.queue = queue;
        this.seq = seq;
        this.message = message;
    }

    public Queue queue() {
        return queue;
    }

    public long seq() {
        return seq;
    }

    public Message message() {
        return message;
    }

    public boolean redelivered() {
        return redelivered;
    }

    public Consumer consumer() {
        return consumer;
    }
}
