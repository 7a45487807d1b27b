package io.warren.mgmt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.warren.broker.Broker;
import io.warren.broker.BrokerConfig;
import io.warren.broker.BrokerExtension;
import io.warren.broker.admin.BrokerAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The management plane as a {@link BrokerExtension}: the HTTP API and web UI on {@code managementPort} and the
 * Prometheus endpoint on {@code prometheusPort} (-1 turns either off, 0 picks a free port: {@link #port()} and
 * {@link #prometheusPort()} tell which). Both listeners share the broker's I/O threads; requests run on a small
 * pool of their own ({@value #THREADS} threads), so slow work never holds an event loop.
 *
 * <p>Find the running instance with {@code broker.extension(ManagementServer.class)}.
 */
public final class ManagementServer implements BrokerExtension {
    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    static final int THREADS = 4;
    /** Largest request body: definitions files of big brokers run to megabytes (RabbitMQ allows 20 MiB). */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

    private BrokerAdmin admin;
    private ExecutorService executor;
    private Channel api;
    private Channel metrics;

    @Override
    public void start(Broker broker) {
        BrokerConfig config = broker.config();
        if (config.managementPort() < 0 && config.prometheusPort() < 0) {
            return;
        }
        admin = new BrokerAdmin(broker).start();
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                r -> {
                    Thread t = new Thread(r, "warren-mgmt-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        BasicAuth auth = new BasicAuth(admin);
        if (config.managementPort() >= 0) {
            Routes routes = ApiRoutes.build(admin, auth, this::port);
            api = broker.server().bind(config.bindAddress(), config.managementPort(), initializer(routes),
                    "HTTP management");
            log.info("management API and UI on http://{}:{}/", config.bindAddress(), port());
        }
        if (config.prometheusPort() >= 0) {
            Routes routes = new Routes(auth);
            new MetricsResource(admin).register(routes);
            metrics = broker.server().bind(config.bindAddress(), config.prometheusPort(), initializer(routes),
                    "Prometheus");
            log.info("Prometheus metrics on http://{}:{}/metrics", config.bindAddress(), prometheusPort());
        }
    }

    private ChannelInitializer<Channel> initializer(Routes routes) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("http", new HttpServerCodec())
                        .addLast("aggregate", new HttpObjectAggregator(MAX_BODY_BYTES))
                        .addLast("handler", new HttpHandler(routes, executor));
            }
        };
    }

    /** The bound HTTP API port, or -1 when off. */
    public int port() {
        return api == null ? -1 : ((InetSocketAddress) api.localAddress()).getPort();
    }

    /** The bound Prometheus port, or -1 when off. */
    public int prometheusPort() {
        return metrics == null ? -1 : ((InetSocketAddress) metrics.localAddress()).getPort();
    }

    public BrokerAdmin admin() {
        return admin;
    }

    @Override
    public void stop() {
        if (api != null) {
            api.close().syncUninterruptibly();
            api = null;
        }
        if (metrics != null) {
            metrics.close().syncUninterruptibly();
            metrics = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
