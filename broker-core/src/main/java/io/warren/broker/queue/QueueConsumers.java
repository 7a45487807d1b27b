package io.warren.broker.queue;

import io.warren.codec.AmqpException;
import io.warren.codec.types.FieldTypes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The consumers of a classic queue, in the order they registered, and which of them takes the next message:
 * round-robin over those with credit and a writable socket, among those of the highest consumer priority
 * ({@code x-priority}, default 0) that can take one, or, for a queue declared with
 * {@code x-single-active-consumer = true}, only the earliest registered one (the others wait, registered). When
 * that active consumer goes (basic.cancel, channel or connection closed), the next one takes over once every
 * delivery the previous one still holds is settled (acked, rejected, or requeued when its channel closes), so
 * the new consumer starts with the messages its predecessor left, in queue order, as in RabbitMQ.
 *
 * <p>Confinement: the queue's loop. Consumers' {@linkplain Consumer#waiting() waiting} flags are written here
 * and read by the management API.
 */
final class QueueConsumers {
    private final List<Consumer> list = new ArrayList<>();
    /** The {@code x-priority} of each consumer of {@link #list}, at the same index. */
    private final List<Integer> priorities = new ArrayList<>();
    private final boolean singleActive;
    /** The distinct priorities of the consumers, in ascending order (one level: plain round-robin). */
    private int[] levels = new int[0];
    private int roundRobin;
    /** Single active consumer: the active consumer that went while holding unsettled deliveries, or null. */
    private Consumer retiring;
    /** Single active consumer: deliveries to the active (or retiring) consumer not settled yet. */
    private int unsettled;

    QueueConsumers(Map<String, Object> queueArguments) {
        this.singleActive = Boolean.TRUE.equals(queueArguments.get("x-single-active-consumer"));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** The earliest registered consumer, or null. */
    private Consumer first() {
        return list.isEmpty() ? null : list.get(0);
    }

    /** The tag of the exclusive consumer, or null (RabbitMQ's {@code exclusive_consumer_tag}). */
    String exclusiveTag() {
        Consumer c = first();
        return c != null && c.exclusive() ? c.tag() : null;
    }

    /** The tag of the active (or next active) consumer of a single-active-consumer queue, or null. */
    String singleActiveTag() {
        Consumer c = singleActive ? first() : null;
        return c == null ? null : c.tag();
    }

    /**
     * Whether {@code c} may not join: an exclusive consumer needs the queue to itself and no one joins one that
     * has it; a single-active-consumer queue takes no exclusive consumer at all, even when it has none yet
     * (RabbitMQ 3.10 answers both with 403 "in exclusive use").
     */
    boolean refuses(Consumer c) {
        if (c.exclusive() && singleActive) {
            return true;
        }
        return !list.isEmpty() && (c.exclusive() || list.get(0).exclusive());
    }

    int size() {
        return list.size();
    }

    /** All of them, in registration order (a read-only view). */
    List<Consumer> all() {
        return Collections.unmodifiableList(list);
    }

    /**
     * Registers {@code c}.
     *
     * @throws AmqpException 406 when its {@code x-priority} is not an integer (RabbitMQ's text)
     */
    void add(Consumer c, Queue queue) {
        Object p = c.arguments().get("x-priority");
        if (p != null && !(p instanceof Byte || p instanceof Short || p instanceof Integer || p instanceof Long)) {
            throw AmqpException.preconditionFailed("invalid arg 'x-priority' for %s: \"expected integer, got %s\"",
                    queue, FieldTypes.name(p));
        }
        list.add(c);
        priorities.add(p == null ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                ((Number) p).longValue())));
        updateLevels();
        markWaiting();
    }

    /** Removes {@code c}; false if it was not registered. */
    boolean remove(Consumer c) {
        int idx = list.indexOf(c);
        if (idx < 0) {
            return false;
        }
        list.remove(idx);
        priorities.remove(idx);
        updateLevels();
        if (singleActive && idx == 0 && retiring == null && unsettled > 0) {
            retiring = c;           // its successor waits for what it still holds
        }
        markWaiting();
        return true;
    }

    void clear() {
        list.clear();
        priorities.clear();
        levels = new int[0];
        retiring = null;
        unsettled = 0;
    }

    /** The consumer to give the next message to, its credit taken; null when none can take one now. */
    Consumer next() {
        if (singleActive) {
            Consumer c = retiring == null ? first() : null;
            return c != null && c.target().isWritable() && c.tryAcquire() ? c : null;
        }
        if (levels.length < 2) {
            return nextAt(0, true);
        }
        for (int i = levels.length - 1; i >= 0; i--) { // the highest priority first
            Consumer c = nextAt(levels[i], false);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** Round-robin over the consumers of priority {@code level} (of any priority if {@code all}). */
    private Consumer nextAt(int level, boolean all) {
        int n = list.size();
        for (int i = 0; i < n; i++) {
            int idx = (roundRobin + i) % n;
            Consumer c = list.get(idx);
            if ((all || priorities.get(idx) == level) && c.target().isWritable() && c.tryAcquire()) {
                roundRobin = (idx + 1) % n;
                return c;
            }
        }
        return null;
    }

    private void updateLevels() {
        levels = priorities.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }

    /** Whether a consumer that may receive has credit left (for publisher back-pressure). */
    boolean canTakeMore() {
        for (int i = 0; i < list.size(); i++) {
            Consumer c = list.get(i);
            if (singleActive && (i > 0 || retiring != null)) {
                return false;
            }
            if (c.prefetch().available() && c.channelPrefetch().available()) {
                return true;
            }
        }
        return false;
    }

    /** A message went to {@code c}. */
    void delivered(Consumer c) {
        if (singleActive && !c.noAck()) {
            unsettled++;
        }
    }

    /**
     * A delivery to {@code c} (null for basic.get) was acked, rejected or requeued. Returns true when that lets
     * the next consumer take over.
     */
    boolean settled(Consumer c) {
        if (!singleActive || c == null || c.noAck() || unsettled == 0) {
            return false;
        }
        unsettled--;
        if (c == retiring && unsettled == 0) {
            retiring = null;
            markWaiting();
            return true;
        }
        return false;
    }

    private void markWaiting() {
        for (int i = 0; i < list.size(); i++) {
            list.get(i).setWaiting(singleActive && (i > 0 || retiring != null));
        }
    }
}
