package io.warren.broker.queue;

import io.netty.channel.EventLoop;

import java.util.Map;

/**
 * {@code x-expires}: a classic queue unused for that many milliseconds is deleted, as in RabbitMQ. Unused means
 * no consumer and no {@code basic.get} or {@code queue.declare} (passive or not) in the period; each of those
 * renews the lease, and a consumer holds it while it stays. Without a period (no {@code x-expires}, directly or
 * from a policy) the lease never runs out. Queue loop only.
 */
final class UnusedLease {
    private static final long NONE = -1;
    private final QueueTimer timer;
    private long periodMs = NONE;

    UnusedLease(EventLoop loop, Runnable onExpired) {
        this.timer = new QueueTimer(loop, onExpired);
    }

    /**
     * Takes the period {@code x-expires} gives in {@code arguments} (validated before), or none. Returns true when
     * it changed: the caller then {@link #renew}s, so a new period starts over as in RabbitMQ.
     */
    boolean period(Map<String, Object> arguments) {
        long next = arguments.get("x-expires") instanceof Number n ? n.longValue() : NONE;
        if (next == periodMs) {
            return false;
        }
        periodMs = next;
        return true;
    }

    /** The queue was used: the period starts again, or waits while {@code consumed}. */
    void renew(boolean consumed) {
        timer.cancel();
        if (periodMs != NONE && !consumed) {
            timer.armFor(System.currentTimeMillis() + periodMs);
        }
    }

    void cancel() {
        timer.cancel();
    }
}
