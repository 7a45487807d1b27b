package io.warren.broker.queue;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The one timer a classic queue keeps for the expiry of the message at its head (as RabbitMQ's TTL timer): armed
 * for the earliest time asked, it runs the queue's expiry pass once that time has passed. Queue loop only.
 */
final class ExpiryTimer {
    private final EventLoop loop;
    private final Runnable onExpiry;
    private ScheduledFuture<?> timer;
    private long armedFor;

    ExpiryTimer(EventLoop loop, Runnable onExpiry) {
        this.loop = loop;
        this.onExpiry = onExpiry;
    }

    /** Arms the timer for {@code expiresAt} (epoch ms) unless it already fires earlier; NEVER does nothing. */
    void armFor(long expiresAt) {
        if (expiresAt == MessageExpiry.NEVER) {
            return;
        }
        if (timer != null) {
            if (armedFor <= expiresAt) {
                return;
            }
            timer.cancel(false);
        }
        armedFor = expiresAt;
        long delay = Math.max(0, expiresAt + 1 - System.currentTimeMillis());
        timer = loop.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        timer = null;
        onExpiry.run();
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
