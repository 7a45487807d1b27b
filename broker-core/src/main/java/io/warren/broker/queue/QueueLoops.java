package io.warren.broker.queue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
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
    private final DefaultEventLoopGroup group;
    private final EventLoop[] loops;

    public QueueLoops(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: > 0)");
        }
        group = new DefaultEventLoopGroup(threads, new DefaultThreadFactory("warren-queue", true));
        List<EventLoop> list = new ArrayList<>();
        group.forEach(e -> list.add((EventLoop) e));
        loops = list.toArray(new EventLoop[0]);
    }

    public EventLoop loopFor(String vhost, String queue) {
        int h = 31 * vhost.hashCode() + queue.hashCode();
        return loops[Math.floorMod(h, loops.length)];
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
