package io.warren.broker.queue;

import io.netty.channel.EventLoop;
import io.warren.broker.message.Message;
import io.warren.codec.AmqpException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * A classic (FIFO) queue: ready messages in order, round-robin delivery to consumers under their credit,
 * requeued messages back at their original position.
 *
 * <p>Confinement: all state below the constructor's fields is owned by {@link #loop}. Public methods may be
 * called from any thread: they post to the loop. Deliveries go to each consumer's channel in batches, one task
 * per channel per drain, and the channel writes them without flushing per message.
 *
 * <p>Ordering: a message's position is its sequence number. Messages are delivered in sequence order, so every
 * ready message has a higher sequence number than any delivered one; a requeued message therefore goes into a
 * small heap that is served before the ready deque, which puts it back exactly where it was.
 */
public final class ClassicQueue implements Queue {
    /** Deliveries per drain before the loop yields to other tasks (fairness between queues on one loop). */
    private static final int DRAIN_BUDGET = 1024;

    private final String vhost;
    private final String name;
    private final boolean durable;
    private final boolean autoDelete;
    private final Object exclusiveOwner;
    private final Map<String, Object> arguments;
    private final EventLoop loop;
    private final java.util.function.Consumer<ClassicQueue> onAutoDelete;
    private final QueueStats stats = new QueueStats();

    private final ArrayDeque<QueueEntry> ready = new ArrayDeque<>();
    private final PriorityQueue<QueueEntry> requeued = new PriorityQueue<>(Comparator.comparingLong(e -> e.seq));
    private final List<Consumer> consumers = new ArrayList<>();
    private final List<DeliveryTarget> batchTargets = new ArrayList<>();
    private final List<List<QueueEntry>> batches = new ArrayList<>();
    private long nextSeq;
    private long readyBytes;
    private int unacked;
    private int roundRobin;
    private boolean hadConsumer;
    private boolean deleted;
    private boolean drainScheduled;
    private final Runnable drainTask = this::drain;

    /**
     * @param exclusiveOwner the owning connection of an exclusive queue, else null
     * @param onAutoDelete   called on the queue loop when an auto-delete queue loses its last consumer
     */
    public ClassicQueue(String vhost, String name, boolean durable, boolean autoDelete, Object exclusiveOwner,
                        Map<String, Object> arguments, EventLoop loop,
                        java.util.function.Consumer<ClassicQueue> onAutoDelete) {
        this.vhost = vhost;
        this.name = name;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.exclusiveOwner = exclusiveOwner;
        this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        this.loop = loop;
        this.onAutoDelete = onAutoDelete;
    }

    @Override
    public String vhost() {
        return vhost;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean durable() {
        return durable;
    }

    @Override
    public boolean exclusive() {
        return exclusiveOwner != null;
    }

    @Override
    public boolean autoDelete() {
        return autoDelete;
    }

    @Override
    public Map<String, Object> arguments() {
        return arguments;
    }

    @Override
    public Object exclusiveOwner() {
        return exclusiveOwner;
    }

    @Override
    public QueueStats stats() {
        return stats;
    }

    @Override
    public String toString() {
        return "queue '" + name + "' in vhost '" + vhost + "'";
    }

    // ---- operations posted to the loop ----

    @Override
    public void enqueue(List<Message> messages, Runnable onEnqueued) {
        loop.execute(() -> {
            if (deleted) {
                messages.forEach(Message::release);
            } else {
                for (Message m : messages) {
                    ready.addLast(new QueueEntry(this, nextSeq++, m));
                    readyBytes += m.bodySize();
                }
                stats.published += messages.size();
                drainSoon();
            }
            if (onEnqueued != null) {
                onEnqueued.run();
            }
            publishStats();
        });
    }

    @Override
    public void ack(List<QueueEntry> entries) {
        loop.execute(() -> {
            for (QueueEntry e : entries) {
                e.message.release();
            }
            if (!deleted) {
                unacked -= entries.size();
                stats.acked += entries.size();
            }
            publishStats();
        });
    }

    @Override
    public void requeue(List<QueueEntry> entries) {
        loop.execute(() -> {
            for (QueueEntry e : entries) {
                if (deleted) {
                    e.message.release();
                    continue;
                }
                if (e.consumer == null || !e.consumer.noAck()) {
                    unacked--; // a no-ack delivery that never reached its consumer was not counted
                }
                e.redelivered = true;
                e.consumer = null;
                requeued.add(e);
                readyBytes += e.message.bodySize();
            }
            drainSoon();
            publishStats();
        });
    }

    @Override
    public CompletableFuture<Void> addConsumer(Consumer consumer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (deleted) {
                done.completeExceptionally(AmqpException.notFound("no %s", this));
                return;
            }
            boolean taken = !consumers.isEmpty() && (consumer.exclusive() || consumers.get(0).exclusive());
            if (taken) {
                done.completeExceptionally(AmqpException.accessRefused("%s in exclusive use", this));
                return;
            }
            consumers.add(consumer);
            hadConsumer = true;
            publishStats();
            // Complete first: the channel's consume-ok must reach its event loop before any delivery.
            done.complete(null);
            drainSoon();
        });
        return done;
    }

    @Override
    public void removeConsumer(Consumer consumer) {
        loop.execute(() -> {
            if (!consumers.remove(consumer)) {
                return;
            }
            publishStats();
            if (autoDelete && hadConsumer && consumers.isEmpty() && !deleted) {
                deleteNow();
                onAutoDelete.accept(this);
            }
        });
    }

    @Override
    public CompletableFuture<GetResult> get(boolean noAck) {
        CompletableFuture<GetResult> done = new CompletableFuture<>();
        loop.execute(() -> {
            QueueEntry e = deleted ? null : pollReady();
            if (e != null && !noAck) {
                unacked++;
            }
            if (e != null) {
                stats.delivered++;
            }
            publishStats();
            done.complete(new GetResult(e, readyCount()));
        });
        return done;
    }

    @Override
    public CompletableFuture<Integer> purge() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> {
            int n = dropReady();
            publishStats();
            done.complete(n);
        });
        return done;
    }

    @Override
    public CompletableFuture<Integer> delete(boolean ifUnused, boolean ifEmpty) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (ifUnused && !consumers.isEmpty()) {
                done.completeExceptionally(AmqpException.preconditionFailed("%s in use", this));
            } else if (ifEmpty && readyCount() > 0) {
                done.completeExceptionally(AmqpException.preconditionFailed("%s not empty", this));
            } else {
                done.complete(deleteNow());
            }
        });
        return done;
    }

    @Override
    public void kick() {
        loop.execute(this::drainSoon);
    }

    @Override
    public CompletableFuture<Counts> counts() {
        CompletableFuture<Counts> done = new CompletableFuture<>();
        loop.execute(() -> done.complete(new Counts(readyCount(), consumers.size())));
        return done;
    }

    @Override
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> done.complete(null));
        return done;
    }

    // ---- loop-confined internals ----

    private int deleteNow() {
        if (deleted) {
            return 0;
        }
        int n = dropReady();
        deleted = true;
        for (Consumer c : consumers) {
            DeliveryTarget t = c.target();
            t.executor().execute(() -> t.consumerCancelledByQueue(c));
        }
        consumers.clear();
        publishStats();
        return n;
    }

    private int dropReady() {
        int n = readyCount();
        for (QueueEntry e : requeued) {
            e.message.release();
        }
        for (QueueEntry e : ready) {
            e.message.release();
        }
        requeued.clear();
        ready.clear();
        readyBytes = 0;
        return n;
    }

    private int readyCount() {
        return ready.size() + requeued.size();
    }

    private QueueEntry pollReady() {
        QueueEntry e = requeued.poll();
        if (e == null) {
            e = ready.pollFirst();
        }
        if (e != null) {
            readyBytes -= e.message.bodySize();
        }
        return e;
    }

    private void drainSoon() {
        if (!drainScheduled && !consumers.isEmpty() && readyCount() > 0) {
            drainScheduled = true;
            loop.execute(drainTask);
        }
    }

    private void drain() {
        drainScheduled = false;
        if (deleted) {
            return;
        }
        int budget = DRAIN_BUDGET;
        while (budget > 0 && readyCount() > 0) {
            Consumer c = nextConsumerWithCredit();
            if (c == null) {
                break;
            }
            QueueEntry e = pollReady();
            e.consumer = c;
            if (!c.noAck()) {
                unacked++;
            }
            if (e.redelivered) {
                stats.redelivered++;
            }
            stats.delivered++;
            batchFor(c.target()).add(e);
            budget--;
        }
        for (int i = 0; i < batchTargets.size(); i++) {
            DeliveryTarget t = batchTargets.get(i);
            List<QueueEntry> batch = batches.get(i);
            t.executor().execute(() -> t.deliver(batch));
        }
        batchTargets.clear();
        batches.clear();
        if (budget == 0) {
            drainSoon();
        }
        publishStats();
    }

    private Consumer nextConsumerWithCredit() {
        int n = consumers.size();
        for (int i = 0; i < n; i++) {
            int idx = (roundRobin + i) % n;
            Consumer c = consumers.get(idx);
            if (c.target().isWritable() && c.tryAcquire()) {
                roundRobin = (idx + 1) % n;
                return c;
            }
        }
        return null;
    }

    private List<QueueEntry> batchFor(DeliveryTarget target) {
        for (int i = 0; i < batchTargets.size(); i++) {
            if (batchTargets.get(i) == target) {
                return batches.get(i);
            }
        }
        List<QueueEntry> batch = new ArrayList<>();
        batchTargets.add(target);
        batches.add(batch);
        return batch;
    }

    private void publishStats() {
        stats.ready = readyCount();
        stats.unacked = unacked;
        stats.consumers = consumers.size();
        stats.readyBytes = readyBytes;
    }
}
