package io.warren.broker.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.broker.channel.AmqpChannel;
import io.warren.codec.AmqpException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The timer behind RabbitMQ's {@code consumer_timeout} for one connection: it ticks four times per timeout (at
 * most once a minute, at least every 10 ms) and hands every channel whose oldest unacknowledged delivery has
 * waited the whole timeout to {@code onTimeout}. Nothing happens per delivery; see {@code AckTimeout}. Event loop
 * only.
 */
final class ConsumerTimeouts {
    private static final long MAX_TICK_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** RabbitMQ 3.10's words when a delivery stays unacknowledged longer than {@code consumer_timeout}. */
    private static final String TEXT = "delivery acknowledgement on channel %d timed out. Timeout value used: %d ms. "
            + "This timeout value can be configured, see consumers doc guide to learn more";

    private ScheduledFuture<?> timer;

    /** The channel error a timed-out channel is closed with: 406 PRECONDITION_FAILED and RabbitMQ's text. */
    static AmqpException error(int channel, long timeoutMillis) {
        return AmqpException.preconditionFailed(TEXT, channel, timeoutMillis);
    }

    void start(ChannelHandlerContext ctx, long timeoutMillis, Supplier<Iterable<AmqpChannel>> channels,
               Consumer<AmqpChannel> onTimeout) {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, timeoutNanos / 4));
        timer = ctx.executor().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            List<AmqpChannel> expired = null;
            for (AmqpChannel ch : channels.get()) {
                if (ch.ackTimedOut(now, timeoutNanos, tickNanos)) {
                    if (expired == null) {
                        expired = new ArrayList<>(1);
                    }
                    expired.add(ch);
                }
            }
            if (expired != null) {
                expired.forEach(onTimeout);
            }
        }, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
