package io.warren.broker.connection;

import io.warren.broker.channel.AmqpChannel;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open connections, and the channels that have a direct reply-to consumer (keyed by the id that the
 * {@code amq.rabbitmq.reply-to.<id>} routing key carries). Thread-safe.
 */
public final class ConnectionRegistry {
    private final Map<AmqpConnection, Boolean> connections = new ConcurrentHashMap<>();
    private final Map<String, AmqpChannel> replyChannels = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    void add(AmqpConnection c) {
        connections.put(c, Boolean.TRUE);
    }

    void remove(AmqpConnection c) {
        connections.remove(c);
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
