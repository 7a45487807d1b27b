package io.warren.broker.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.codec.frame.HeartbeatFrame;

import java.util.concurrent.TimeUnit;

/**
 * Heartbeats of one connection (0-9-1 §4.2.7), both ways, from one timer ticking every half of the negotiated
 * interval: a heartbeat frame goes out when nothing was written since the last tick, and the connection is
 * closed when nothing was read for {@link #SILENT_TICKS} ticks in a row (two intervals, as RabbitMQ). Reads and
 * writes are noted with plain flags (one store per frame written, one per socket read) that the timer reads and
 * clears, so heartbeats cost nothing per frame: no handler in the pipeline, no timestamp, no promise listener.
 * Event loop only.
 */
final class Heartbeats {
    /** Half-interval ticks without a read after which the peer is considered gone. */
    static final int SILENT_TICKS = 4;

    private ScheduledFuture<?> timer;
    private boolean wrote;
    private boolean read;
    private int silentTicks;

    /** Notes that a frame was written. */
    void wrote() {
        wrote = true;
    }

    /** Notes that the socket was read (any bytes count as a heartbeat). */
    void read() {
        read = true;
    }

    /** Starts the timer; {@code onSilentPeer} runs (on the event loop) when the peer has been silent too long. */
    void start(ChannelHandlerContext ctx, int heartbeatSeconds, Runnable onSilentPeer) {
        long halfMillis = heartbeatSeconds * 500L;
        timer = ctx.executor().scheduleAtFixedRate(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            silentTicks = read ? 0 : silentTicks + 1;
            read = false;
            if (silentTicks >= SILENT_TICKS) {
                stop();
                onSilentPeer.run();
                return;
            }
            if (!wrote) {
                ctx.writeAndFlush(HeartbeatFrame.INSTANCE, ctx.voidPromise());
            }
            wrote = false;
        }, halfMillis, halfMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
