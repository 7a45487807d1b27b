package io.warren.broker.queue;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server-side consumer groups of one stream (beyond RabbitMQ, in Kafka's spirit): for each group, its committed
 * offset (everything up to it was acknowledged by the group) and its members in joining order. The first member
 * is the active one, which alone receives deliveries; the others stand by and the oldest takes over when it
 * leaves, resuming right after the committed offset.
 *
 * <p>Commits are batched: acknowledgements move the offset in memory and mark the group dirty; {@link #flush}
 * hands the dirty offsets to the {@link GroupOffsetStore} (every 200 ms, after {@link #FLUSH_ACKS} acks, and when
 * an active member leaves). Confinement: the stream's queue loop.
 */
final class ConsumerGroups {
    /** Acknowledgements after which the offsets are flushed without waiting for the timer. */
    static final int FLUSH_ACKS = 4096;

    private static final class Group {
        final ArrayDeque<StreamConsumer> members = new ArrayDeque<>();
        long committed = -1;
        long stored = -1;
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final GroupOffsetStore store;
    private final String vhost;
    private final String stream;
    private int acksSinceFlush;
    private boolean dirty;
    private volatile Map<String, Long> snapshot = Map.of();

    ConsumerGroups(Map<String, Long> stored, GroupOffsetStore store, String vhost, String stream) {
        this.store = store;
        this.vhost = vhost;
        this.stream = stream;
        stored.forEach((name, offset) -> {
            Group g = new Group();
            g.committed = offset;
            g.stored = offset;
            groups.put(name, g);
        });
        publish();
    }

    /** Adds a member; true when it is the group's active consumer (the group had none). */
    boolean join(StreamConsumer c) {
        Group g = groups.computeIfAbsent(c.group, n -> new Group());
        g.members.addLast(c);
        return g.members.size() == 1;
    }

    /**
     * Removes a member. When it was the active one, its acknowledged position is already the group's committed
     * offset; the oldest standby, if any, is returned to take over.
     */
    StreamConsumer leave(StreamConsumer c) {
        Group g = groups.get(c.group);
        if (g == null) {
            return null;
        }
        boolean wasActive = g.members.peekFirst() == c;
        g.members.remove(c);
        if (g.members.isEmpty() && g.committed < 0) {
            groups.remove(c.group);
        }
        return wasActive ? g.members.peekFirst() : null;
    }

    /** The group's committed offset, or -1 when it has committed nothing. */
    long committed(String group) {
        Group g = groups.get(group);
        return g == null ? -1 : g.committed;
    }

    int members(String group) {
        Group g = groups.get(group);
        return g == null ? 0 : g.members.size();
    }

    /** The active member {@code c} acknowledged {@code offset}; true when enough acks wait for a flush. */
    boolean acked(StreamConsumer c, long offset) {
        if (!c.active || c.window == null) {
            return false; // a late ack from a consumer that already handed over: the group moved on without it
        }
        if (c.window.acked(offset)) {
            Group g = groups.get(c.group);
            if (g != null && c.window.position() > g.committed) {
                g.committed = c.window.position();
                dirty = true;
            }
        }
        return ++acksSinceFlush >= FLUSH_ACKS;
    }

    /** Hands every changed offset to the store. */
    void flush() {
        acksSinceFlush = 0;
        if (!dirty) {
            return;
        }
        dirty = false;
        groups.forEach((name, g) -> {
            if (g.committed != g.stored && g.committed >= 0) {
                store.commit(vhost, stream, name, g.committed);
                g.stored = g.committed;
            }
        });
        publish();
    }

    /**
     * Forgets a group's offset so that its next consumer starts where its {@code x-stream-offset} says.
     *
     * @return false when the group has members (reset it once they are gone)
     */
    boolean reset(String group) {
        Group g = groups.get(group);
        if (g != null && !g.members.isEmpty()) {
            return false;
        }
        if (groups.remove(group) != null) {
            store.delete(vhost, stream, group);
        }
        publish();
        return true;
    }

    /** Committed offsets by group, as of the last flush. Safe from any thread. */
    Map<String, Long> snapshot() {
        return snapshot;
    }

    private void publish() {
        Map<String, Long> m = new LinkedHashMap<>();
        groups.forEach((name, g) -> {
            if (g.committed >= 0) {
                m.put(name, g.committed);
            }
        });
        snapshot = Collections.unmodifiableMap(m);
    }
}
