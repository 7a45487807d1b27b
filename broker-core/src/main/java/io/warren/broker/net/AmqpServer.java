package io.warren.broker.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The I/O threads and TCP listeners. Uses the native epoll transport when it is available and NIO otherwise;
 * socket options and write-buffer water marks are set here, in one place. Other listeners (management,
 * Prometheus) share the same I/O threads through {@link #ioGroup()}.
 */
public final class AmqpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmqpServer.class);
    /** Consumers stop receiving above the high mark and resume below the low one. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private static final int SOCKET_BUFFER = 192 * 1024;

    private final EventLoopGroup bossGroup;
    private final EventLoopGroup ioGroup;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final boolean epoll;

    public AmqpServer(int ioThreads) {
        epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        serverChannelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("warren-accept", true), factory);
        ioGroup = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("warren-io", true), factory);
        log.debug("transport: {}", epoll ? "epoll" : "nio");
    }

    public EventLoopGroup ioGroup() {
        return ioGroup;
    }

    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    /** Binds a listener; throws with a clear message when the port is taken. */
    public Channel bind(String address, int port, io.netty.channel.ChannelInitializer<Channel> initializer,
                        String what) {
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(serverChannelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // RabbitMQ's default tcp_listen_options: bounded kernel buffers keep a paused publisher's data (and
                // a slow consumer's deliveries) from piling up out of reach of flow control.
                .childOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(initializer);
        try {
            return b.bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for " + what + " on " + address + ":" + port + ": "
                    + e.getMessage() + " (is another broker running on that port?)", e);
        }
    }

    /**
     * Stops the event loops, waiting a bounded time: their threads are daemons and queues have already been shut
     * down, so a loop that misses its shutdown wake-up (seen rarely with epoll after heavy load) must not keep the
     * process from exiting on SIGTERM.
     */
    @Override
    public void close() {
        io.netty.util.concurrent.Future<?> boss = bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.netty.util.concurrent.Future<?> io = ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!boss.awaitUninterruptibly(5, TimeUnit.SECONDS) || !io.awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("I/O threads did not stop within 5 s; exiting anyway");
        }
    }
}
