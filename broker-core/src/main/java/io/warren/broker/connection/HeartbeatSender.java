package io.warren.broker.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.codec.frame.HeartbeatFrame;

import java.util.concurrent.TimeUnit;

/**
 * Sends a heartbeat frame when the connection has written nothing for half the negotiated interval. Writes are
 * noted with a plain flag (one store per frame) that a timer reads and clears, rather than through
 * IdleStateHandler's writer-idle mode, which wraps every write's promise to see it complete. Event loop only.
 */
final class HeartbeatSender {
    private ScheduledFuture<?> timer;
    private boolean wrote;

    /** Notes that a frame was written. */
    void wrote() {
        wrote = true;
    }

    void start(ChannelHandlerContext ctx, int heartbeatSeconds) {
        long halfMillis = heartbeatSeconds * 500L;
        timer = ctx.executor().scheduleAtFixedRate(() -> {
            if (!wrote && ctx.channel().isActive()) {
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
