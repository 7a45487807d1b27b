package io.warren.broker.queue;

import io.netty.channel.EventLoop;

import java.util.Map;

/**
 * {@code x-expires}: a classic queue unused for that many milliseconds is deleted, as in RabbitMQ. Unused means
 * no consumer and no {@code basic.get} or {@code queue.declare} (passive or not) in the period; each of those
 * renews the lease, and a consumer holds it while it stays. Queue loop only.
 */
final class UnusedLease {
    private final long periodMs;
    private final QueueTimer timer;

    private UnusedLease(EventLoop loop, long periodMs, Runnable onExpired) {
        this.periodMs = periodMs;
        this.timer = new QueueTimer(loop, onExpired);
    }

    /** The lease the arguments ask for, or null without {@code x-expires} (validated at declare time). */
    static UnusedLease of(Map<String, Object> arguments, EventLoop loop, Runnable onExpired) {
        return arguments.get("x-expires") instanceof Number n ? new UnusedLease(loop, n.longValue(), onExpired) : null;
    }

    long periodMs() {
        return periodMs;
    }

    /** The queue was used: the period starts again, or waits while {@code consumed}. */
    void renew(boolean consumed) {
        timer.cancel();
        if (!consumed) {
            timer.armFor(System.currentTimeMillis() + periodMs);
        }
    }

    void cancel() {
        timer.cancel();
    }
}
