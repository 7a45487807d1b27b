package io.warren.broker.queue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The consumers of a classic queue, in the order they registered, and which of them takes the next message:
 * round-robin over those with credit and a writable socket or, for a queue declared with
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
    private final boolean singleActive;
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

    int size() {
        return list.size();
    }

    /** The earliest registered consumer, or null. */
    Consumer first() {
        return list.isEmpty() ? null : list.get(0);
    }

    /** All of them, in registration order (a read-only view). */
    List<Consumer> all() {
        return Collections.unmodifiableList(list);
    }

    void add(Consumer c) {
        list.add(c);
        markWaiting();
    }

    /** Removes {@code c}; false if it was not registered. */
    boolean remove(Consumer c) {
        int idx = list.indexOf(c);
        if (idx < 0) {
            return false;
        }
        list.remove(idx);
        if (singleActive && idx == 0 && retiring == null && unsettled > 0) {
            retiring = c;           // its successor waits for what it still holds
        }
        markWaiting();
        return true;
    }

    void clear() {
        list.clear();
        retiring = null;
        unsettled = 0;
    }

    /** The consumer to give the next message to, its credit taken; null when none can take one now. */
    Consumer next() {
        if (singleActive) {
            Consumer c = retiring == null ? first() : null;
            return c != null && c.target().isWritable() && c.tryAcquire() ? c : null;
        }
        int n = list.size();
        for (int i = 0; i < n; i++) {
            int idx = (roundRobin + i) % n;
            Consumer c = list.get(idx);
            if (c.target().isWritable() && c.tryAcquire()) {
                roundRobin = (idx + 1) % n;
                return c;
            }
        }
        return null;
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
