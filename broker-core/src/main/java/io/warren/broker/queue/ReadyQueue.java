package io.warren.broker.queue;

import io.warren.broker.message.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ready messages of a classic queue, served in delivery order: {@link ReadyMessages} (one FIFO, in memory and
 * segment files) or {@link PriorityMessages} (one of those per priority level, {@code x-max-priority}).
 * Confinement: the owning queue's loop.
 */
interface ReadyQueue {
    int count();

    long bytes();

    /**
     * Adds messages at the tail (of their priority level), taking one reference of each.
     *
     * @return true when any was written as a persistent record of a durable queue (a confirm must await a sync)
     * @throws io.warren.store.StoreIoException after every message was placed, when the store did not take some
     */
    boolean addAll(List<Message> messages, long nowMs);

    /** Drops the expired messages at the head(s), settled, dead-lettered by the queue; returns how many. */
    int dropExpired(long nowMs);

    /** When the first message to expire at a head expires, or {@link MessageExpiry#NEVER}. */
    long headExpiry();

    /** The next message to deliver, or null. */
    QueueEntry poll();

    /** A delivered message goes back to its place. */
    void requeue(QueueEntry e);

    /** A delivered message was acknowledged (or dropped): it leaves the store. */
    void settle(QueueEntry e);

    /** Drops every ready message; returns how many there were. */
    int purge(boolean hasUnacked);

    /** Rebuilds the backlog of a durable queue after a restart. */
    void recover();

    /** Completes once everything written so far is on disk. */
    CompletableFuture<Void> sync();

    /** Asks for the periodic background sync of what no confirm waits for. */
    void syncLater();

    /** Releases everything in memory; deletes the store(s) (queue deleted) or closes them (shutdown). */
    void close(boolean deleteStore);
}
