package io.warren.broker.queue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The threads queues run on: N single-thread loops, a queue owned by loop {@code floorMod(hash, N)} for its
 * whole life, like a RabbitMQ queue process. Separate from the I/O loops, so queue work never delays socket
 * reads. Thread-safe.
 */
public final class QueueLoops implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean owned;
    private final EventLoop[] loops;

    /** Queues on {@code threads} dedicated threads. */
    public QueueLoops(int threads) {
        this(new DefaultEventLoopGroup(checkThreads(threads), new DefaultThreadFactory("warren-queue", true)), true);
    }

    /**
     * Queues on the I/O event loops themselves: a publish, its enqueue and its delivery can then run on one
     * thread without a cross-thread wake-up, which is what costs most at moderate rates. Queue work is short
     * (no fsync: that runs on the sync thread), so it does not hold sockets up.
     */
    public static QueueLoops sharing(EventLoopGroup ioGroup) {
        return new QueueLoops(ioGroup, false);
    }

    private QueueLoops(EventLoopGroup group, boolean owned) {
        this.group = group;
        this.owned = owned;
        List<EventLoop> list = new ArrayList<>();
        group.forEach(e -> list.add((EventLoop) e));
        loops = list.toArray(new EventLoop[0]);
    }

    private static int checkThreads(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
        }
        return threads;
    }

    /**
     * The loop a new queue runs on: {@code near} (the declaring connection's loop) when queues share the I/O
     * loops, so that the consumers that usually declare their queue get deliveries and settle acks without a
     * cross-thread hand-off (RabbitMQ places a queue on the declaring client's node the same way); otherwise, and
     * for queues declared without a connection, one chosen by name.
     */
    public EventLoop loopFor(String vhost, String queue, java.util.concurrent.Executor near) {
        for (EventLoop loop : loops) {
            if (loop == near) {
                return loop;
            }
        }
        return loopFor(vhost, queue);
    }

    public EventLoop loopFor(String vhost, String queue) {
        int h = 31 * vhost.hashCode() + queue.hashCode();
        return loops[Math.floorMod(h, loops.length)];
    }

    @Override
    public void close() {
        if (owned) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
