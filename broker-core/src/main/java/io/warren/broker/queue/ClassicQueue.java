package io.warren.broker.queue;

import io.netty.channel.EventLoop;
import io.warren.broker.message.Message;
import io.warren.codec.AmqpException;

import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A classic (FIFO) queue: ready messages in order ({@link ReadyMessages}: a bounded window in memory, the rest
 * in segment files; {@link PriorityMessages}, one of those per level, for {@code x-max-priority}), round-robin
 * delivery to consumers under their credit ({@link QueueConsumers}, which also does consumer priorities and
 * {@code x-single-active-consumer}), requeued messages back at their original position, persistent messages of
 * a durable queue on disk before their publisher is confirmed.
 *
 * <p>Confinement: all state below the constructor's fields is owned by {@link #loop}. Public methods may be
 * called from any thread: they post to the loop. Deliveries go to each consumer's channel in batches, one task
 * per channel per drain, and the channel writes them without flushing per message.
 *
 * <p>Ordering: a message's position is its sequence number. Messages are delivered in sequence order, so every
 * ready message has a higher sequence number than any delivered one; a requeued message therefore goes into a
 * small heap that is served first, which puts it back exactly where it was.
 */
public final class ClassicQueue implements Queue {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClassicQueue.class);
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

    private final ReadyQueue ready;
    private final DeadLetterSink deadLetters;
    /** x-max-length / x-max-length-bytes / x-overflow, or null. These four follow {@link #reconfigure}. */
    private LengthLimit limit;
    /** x-message-ttl and per-message expiration. */
    private final MessageExpiry expiry;
    /** x-dead-letter-exchange / -routing-key, or null. */
    private DeadLettering deadLettering;
    private final QueueTimer expiryTimer;
    /** x-expires (a lease that never runs out without one). */
    private final UnusedLease lease;
    private final QueueConsumers consumers;
    private final DeliveryBatches batches = new DeliveryBatches();
    private int unacked;
    private boolean hadConsumer;
    private boolean deleted;
    private boolean drainScheduled;
    private final PublisherPressure pressure = new PublisherPressure();
    /** Declared {@code x-queue-type=quorum}: counts deliveries and honours a delivery limit (one node's worth). */
    final boolean quorum;
    /** A quorum queue's delivery limit (argument or policy), or -1: none. */
    private long deliveryLimit;
    private final Runnable drainTask = this::drain;

    /**
     * @param exclusiveOwner the owning connection of an exclusive queue, else null
     * @param onAutoDelete   called on the queue loop when an auto-delete queue loses its last consumer
     * @param deadLetters    where dead-lettered messages go (the vhost), or null
     */
    public ClassicQueue(String vhost, String name, boolean durable, boolean autoDelete, Object exclusiveOwner,
                        Map<String, Object> arguments, EventLoop loop,
                        java.util.function.Consumer<ClassicQueue> onAutoDelete, QueueStorage storage,
                        DeadLetterSink deadLetters) {
        this.vhost = vhost;
        this.name = name;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.exclusiveOwner = exclusiveOwner;
        this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        this.loop = loop;
        this.onAutoDelete = onAutoDelete;
        this.consumers = new QueueConsumers(arguments);
        this.expiry = MessageExpiry.of(arguments);
        int maxPriority = QueueArguments.maxPriority(arguments);
        this.ready = maxPriority > 0 ? new PriorityMessages(this, storage, durable, expiry, maxPriority)
                : new ReadyMessages(this, storage, durable, expiry);
        this.deadLetters = deadLetters;
        this.limit = LengthLimit.of(arguments);
        this.deadLettering = DeadLettering.of(name, arguments, deadLetters);
        this.quorum = QueueArguments.QUORUM.equals(QueueArguments.queueType(arguments));
        this.deliveryLimit = QueueArguments.deliveryLimit(quorum, arguments);
        this.expiryTimer = new QueueTimer(loop, this::expireHead);
        this.lease = new UnusedLease(loop, () -> {
            if (!deleted && consumers.isEmpty()) {
                deleteNow();
                onAutoDelete.accept(this);  // the vhost forgets it as it forgets an auto-deleted queue
            }
        });
        if (lease.period(arguments)) {
            loop.execute(this::renewLease);
        }
    }

    /**
     * A policy changed what the queue runs with: {@code effective} are its arguments combined with the policy now
     * in force. As in RabbitMQ, a new limit applies at once (drop-head trims the queue), a new TTL to the messages
     * enqueued from now on, a new {@code x-expires} period starts over, and dead-lettering follows the new
     * exchange for whatever dies next.
     */
    @Override
    public void reconfigure(Map<String, Object> effective) {
        loop.execute(() -> {
            if (deleted) {
                return;
            }
            limit = LengthLimit.of(effective);
            expiry.queueTtl(MessageExpiry.of(effective), System.currentTimeMillis());
            deadLettering = DeadLettering.of(name, effective, deadLetters);
            deliveryLimit = QueueArguments.deliveryLimit(quorum, effective);
            if (lease.period(effective)) {
                renewLease();
            }
            if (limit != null && !limit.rejectPublish()) {
                limit.dropOver(ready, this);
            }
            ready.dropExpired(System.currentTimeMillis());
            ready.syncLater();
            scheduleExpiry();
            publishStats();
        });
    }

    /** basic.get, queue.declare, a consumer coming or going: an x-expires period starts again. */
    private void renewLease() {
        if (!deleted) {
            lease.renew(!consumers.isEmpty());
        }
    }

    /** A message leaves the queue without being consumed ({@code rejected}, {@code expired}, {@code maxlen}). */
    void discarded(Message m, String reason) {
        if (deadLettering != null) {
            deadLettering.deadLetter(m, reason);
        }
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
    public void enqueue(List<Message> messages, Runnable onEnqueued, java.util.function.Consumer<Throwable> onSafe) {
        loop.execute(() -> {
            RuntimeException failure = null;
            RejectedPublishes rejected = null;
            boolean needSync = false;
            if (deleted) {
                messages.forEach(Message::release);
            } else {
                List<Message> accepted = messages;
                if (limit != null && limit.rejectPublish()) {
                    BitSet refused = new BitSet();
                    accepted = limit.admit(messages, readyCount(), ready.bytes(), refused, m -> {
                        if (limit.deadLetterRejected()) {
                            discarded(m, "maxlen");
                        }
                        m.release();
                    });
                    if (!refused.isEmpty()) {
                        rejected = new RejectedPublishes(refused);
                    }
                }
                long now = System.currentTimeMillis(); // one clock reading: a TTL of 0 is not over before the drain
                try {
                    needSync = ready.addAll(accepted, now);
                } catch (RuntimeException e) {
                    failure = e;
                }
                stats.published += accepted.size();
                if (limit != null && !limit.rejectPublish()) {
                    drain(now);    // as RabbitMQ: a consumer that can take a message now gets it before ...
                    limit.dropOver(ready, this);  // ... then the oldest ready ones go to get back within the limit
                } else if (expiry.queueTtl()) {
                    drain(now);    // a consumer waiting now gets it even with a TTL of 0, as in RabbitMQ
                } else {
                    drainSoon();
                }
                scheduleExpiry();
            }
            if (onEnqueued != null) {
                onEnqueued.run();
            }
            if (failure != null) {
                log.error("{}: cannot store messages", this, failure);
            }
            RejectedPublishes outcome = rejected;
            if (onSafe == null) {
                ready.syncLater();
            } else if (failure != null) {
                onSafe.accept(failure);
            } else if (needSync) {
                ready.sync().whenComplete((v, e) -> onSafe.accept(e != null ? e : outcome));
            } else {
                onSafe.accept(outcome);
            }
            publishStats();
        });
    }

    /** Arms the timer for the expiry of the message now at the head, unless an earlier one is armed. */
    private void scheduleExpiry() {
        if (!deleted) {
            expiryTimer.armFor(ready.headExpiry());
        }
    }

    private void expireHead() {
        if (deleted) {
            return;
        }
        if (ready.dropExpired(System.currentTimeMillis()) > 0) {
            ready.syncLater();
            publishStats();
        }
        scheduleExpiry();
    }

    /** Rebuilds a durable queue's backlog from its store; called once at start, before anyone uses the queue. */
    public void recover() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                ready.recover();
                scheduleExpiry();  // messages that expired while the broker was down go at once
                publishStats();
                done.complete(null);
            } catch (Throwable e) { // an OutOfMemoryError too: never leave start-up waiting
                done.completeExceptionally(e);
            }
        });
        done.join();
    }

    @Override
    public void ack(List<QueueEntry> entries) {
        loop.execute(() -> {
            boolean takeOver = false;
            for (QueueEntry e : entries) {
                takeOver |= consumers.settled(e.consumer);
                if (!deleted) {
                    if (e.rejected) {
                        discarded(e.message, "rejected");
                    }
                    ready.settle(e);
                }
                e.message.release();
            }
            if (!deleted) {
                ready.syncLater();
                unacked -= entries.size();
                stats.acked += entries.size();
            }
            if (takeOver) {
                drainSoon();
            }
            publishStats();
        });
    }

    @Override
    public void requeue(List<QueueEntry> entries) {
        loop.execute(() -> {
            boolean settled = false;
            for (QueueEntry e : entries) {
                if (deleted) {
                    e.message.release();
                    continue;
                }
                if (e.consumer == null || !e.consumer.noAck()) {
                    unacked--; // a no-ack delivery that never reached its consumer was not counted
                }
                consumers.settled(e.consumer);
                e.consumer = null;
                e.returns++;
                if (deliveryLimit >= 0 && e.returns > deliveryLimit) {
                    // a poison message: it leaves as a quorum queue's does, dead-lettered or dropped
                    discarded(e.message, "delivery_limit");
                    ready.settle(e);
                    e.message.release();
                    settled = true;
                    continue;
                }
                e.redelivered = true;
                ready.requeue(e);
            }
            if (settled) {
                ready.syncLater();
            }
            if (limit != null && !limit.rejectPublish() && !deleted) {
                drain();
                limit.dropOver(ready, this);  // requeued messages count again, as in RabbitMQ
            }
            drainSoon();
            scheduleExpiry();  // a requeued message keeps its expiry
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
            if (consumers.refuses(consumer)) {
                done.completeExceptionally(AmqpException.accessRefused("%s in exclusive use", this));
                return;
            }
            try {
                consumers.add(consumer, this);
            } catch (AmqpException e) {
                done.completeExceptionally(e);
                return;
            }
            publishConsumerTags();
            hadConsumer = true;
            renewLease();
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
            publishConsumerTags();
            renewLease();
            publishStats();
            drainSoon();  // a single active consumer's successor may take over
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
            if (!deleted && ready.dropExpired(System.currentTimeMillis()) > 0) {
                ready.syncLater();
            }
            QueueEntry e = deleted ? null : ready.poll();
            if (e != null && !noAck) {
                unacked++;
            }
            if (e != null) {
                stats.delivered++;
                if (noAck) {
                    ready.settle(e); // delivered for good
                    ready.syncLater();
                }
            }
            scheduleExpiry();  // a new head
            renewLease();
            publishStats();
            done.complete(new GetResult(e, readyCount()));
        });
        return done;
    }

    @Override
    public CompletableFuture<Integer> purge() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> {
            int n = ready.purge(unacked > 0);
            ready.syncLater();
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
    public boolean underPressure() {
        return pressure.on();
    }

    @Override
    public void whenRelieved(Runnable action) {
        loop.execute(() -> pressure.whenRelieved(action));
    }

    @Override
    public CompletableFuture<Counts> counts() {
        CompletableFuture<Counts> done = new CompletableFuture<>();
        loop.execute(() -> {
            renewLease();  // queue.declare answers with these counts: it renews an x-expires lease, as in RabbitMQ
            done.complete(new Counts(readyCount(), consumers.size()));
        });
        return done;
    }

    @Override
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> ready.sync().whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        }));
        return done;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (!deleted) {
                deleted = true;
                ready.close(false);
                consumers.clear();
            }
            done.complete(null);
        });
        return done;
    }

    // ---- loop-confined internals ----

    private int deleteNow() {
        if (deleted) {
            return 0;
        }
        int n = ready.count();
        ready.close(true);
        deleted = true;
        expiryTimer.cancel();
        lease.cancel();
        for (Consumer c : consumers.all()) {
            DeliveryTarget t = c.target();
            t.executor().execute(() -> t.consumerCancelledByQueue(c));
        }
        consumers.clear();
        publishStats();
        return n;
    }

    private int readyCount() {
        return ready.count();
    }

    private void drainSoon() {
        if (!drainScheduled && !consumers.isEmpty() && readyCount() > 0) {
            drainScheduled = true;
            loop.execute(drainTask);
        }
    }

    private void drain() {
        drain(System.currentTimeMillis());
    }

    /** Delivers what consumers can take, dropping what expired by {@code now} first. */
    private void drain(long now) {
        drainScheduled = false;
        if (deleted) {
            return;
        }
        int budget = DRAIN_BUDGET;
        boolean settled = false;
        while (budget > 0) {
            if (ready.dropExpired(now) > 0) {
                settled = true;
            }
            if (readyCount() == 0) {
                break;
            }
            Consumer c = consumers.next();
            if (c == null) {
                break;
            }
            QueueEntry e = ready.poll();
            e.consumer = c;
            consumers.delivered(c);
            if (!c.noAck()) {
                unacked++;
            }
            if (e.redelivered) {
                stats.redelivered++;
            }
            stats.delivered++;
            if (c.noAck()) {
                ready.settle(e); // delivered for good
                settled = true;
            }
            batches.add(c.target(), e);
            budget--;
        }
        batches.send();
        if (settled) {
            ready.syncLater(); // writes the acks of the no-ack deliveries and of expired messages
        }
        if (budget == 0) {
            drainSoon();
        }
        scheduleExpiry();
        publishStats();
    }

    /** For management, after the consumers changed (not per message, unlike {@link #publishStats}). */
    private void publishConsumerTags() {
        stats.exclusiveConsumerTag = consumers.exclusiveTag();
        stats.singleActiveConsumerTag = consumers.singleActiveTag();
    }

    private void publishStats() {
        pressure.update(!deleted && readyCount() > pressure.threshold() && consumers.canTakeMore());
        stats.ready = readyCount();
        stats.unacked = unacked;
        stats.consumers = consumers.size();
        stats.readyBytes = ready.bytes();
    }
}
