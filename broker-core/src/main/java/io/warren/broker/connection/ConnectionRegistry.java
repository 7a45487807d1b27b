package io.warren.broker.connection;

import io.warren.broker.MessageCounters;
import io.warren.broker.channel.AmqpChannel;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open connections, and the channels that have a direct reply-to consumer (keyed by the id that the
 * {@code amq.rabbitmq.reply-to.<id>} routing key carries), and the broker-wide message counters: the sum of the
 * open connections' counters and of those of the connections that have closed. Thread-safe.
 */
public final class ConnectionRegistry {
    private final Map<AmqpConnection, Boolean> connections = new ConcurrentHashMap<>();
    private final Map<String, AmqpChannel> replyChannels = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Counters of closed connections and of management operations; guarded by {@code this}. */
    private final MessageCounters retired = new MessageCounters();

    void add(AmqpConnection c) {
        connections.put(c, Boolean.TRUE);
    }

    /** Forgets a closed connection, keeping its counts in the broker-wide totals. */
    synchronized void remove(AmqpConnection c) {
        if (connections.remove(c) != null) {
            retired.addAll(c.counters());
        }
    }

    /** Counts work done outside any connection (the management API's publish and get), serialised here. */
    public synchronized void count(java.util.function.Function<MessageCounters, MessageCounters.Counter> which) {
        which.apply(retired).increment();
    }

    /** A snapshot of the broker-wide counters. */
    public synchronized MessageCounters totals() {
        MessageCounters sum = new MessageCounters();
        sum.addAll(retired);
        for (AmqpConnection c : connections.keySet()) {
            sum.addAll(c.counters());
        }
        return sum;
    }

    public Collection<AmqpConnection> all() {
        return connections.keySet();
    }

    public int size() {
        return connections.size();
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    public void registerReplyChannel(String id, AmqpChannel channel) {
        replyChannels.put(id, channel);
    }

    public void unregisterReplyChannel(String id) {
        replyChannels.remove(id);
    }

    public AmqpChannel replyChannel(String id) {
        return replyChannels.get(id);
    }
}
