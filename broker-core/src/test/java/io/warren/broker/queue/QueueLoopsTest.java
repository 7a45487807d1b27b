package io.warren.broker.queue;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;

class QueueLoopsTest {
    @Test
    void aQueueRunsOnTheDeclaringConnectionsLoopWhenQueuesShareTheIoLoops() {
        DefaultEventLoopGroup io = new DefaultEventLoopGroup(4);
        try {
            QueueLoops loops = QueueLoops.sharing(io);
            for (int i = 0; i < 4; i++) {
                EventLoop near = io.next();
                assertSame(near, loops.loopFor("/", "q" + i, near));
            }
        } finally {
            io.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void otherwiseTheNameChooses() {
        DefaultEventLoopGroup io = new DefaultEventLoopGroup(2);
        try (QueueLoops dedicated = new QueueLoops(3)) {
            EventLoop byName = dedicated.loopFor("/", "orders");
            assertSame(byName, dedicated.loopFor("/", "orders", io.next()), "a loop outside the group is ignored");
            assertSame(byName, dedicated.loopFor("/", "orders", null), "declared without a connection");
        } finally {
            io.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
