package io.warren.broker.queue;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * A one-shot timer on a queue's loop: armed for the earliest time asked, it runs its task once that time has
 * passed (the message-TTL timer for the head of a classic queue, and its {@code x-expires} lease). Queue loop
 * only.
 */
final class QueueTimer {
    private final EventLoop loop;
    private final Runnable task;
    private ScheduledFuture<?> timer;
    private long armedFor;

    QueueTimer(EventLoop loop, Runnable task) {
        this.loop = loop;
        this.task = task;
    }

    /**
     * Arms the timer to run once {@code atMs} (epoch ms) has passed, unless it already runs earlier;
     * {@link MessageExpiry#NEVER} does nothing.
     */
    void armFor(long atMs) {
        if (atMs == MessageExpiry.NEVER) {
            return;
        }
        if (timer != null) {
            if (armedFor <= atMs) {
                return;
            }
            timer.cancel(false);
        }
        armedFor = atMs;
        long delay = Math.max(0, atMs + 1 - System.currentTimeMillis());
        timer = loop.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        timer = null;
        task.run();
    }

    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
