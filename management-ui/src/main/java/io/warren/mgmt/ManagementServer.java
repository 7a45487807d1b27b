package io.warren.mgmt;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.warren.broker.Broker;
import io.warren.broker.BrokerConfig;
import io.warren.broker.BrokerExtension;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.net.ServerTls;
import io.warren.broker.net.TlsOptions;
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
    private Channel apiTls;
    private Channel metrics;

    @Override
    public void start(Broker broker) {
        BrokerConfig config = broker.config();
        TlsOptions https = config.managementTls();
        if (config.managementPort() < 0 && !https.enabled() && config.prometheusPort() < 0) {
            return;
        }
        ServerTls httpsContext = https.enabled() ? ServerTls.start(https, "management.ssl.") : null;
        admin = new BrokerAdmin(broker).start();
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                r -> {
                    Thread t = new Thread(r, "warren-mgmt-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        BasicAuth auth = new BasicAuth(admin);
        Routes apiRoutes = ApiRoutes.build(admin, auth, this::port, this::tlsPort);
        if (config.managementPort() >= 0) {
            api = broker.server().bind(config.bindAddress(), config.managementPort(), initializer(apiRoutes, null),
                    "HTTP management");
            log.info("management API and UI on http://{}:{}/", config.bindAddress(), port());
        }
        if (httpsContext != null) {
            apiTls = broker.server().bind(config.bindAddress(), https.port(), initializer(apiRoutes, httpsContext),
                    "HTTPS management");
            log.info("management API and UI on https://{}:{}/", config.bindAddress(), tlsPort());
        }
        if (config.prometheusPort() >= 0) {
            Routes routes = new Routes(auth);
            new MetricsResource(admin).register(routes);
            metrics = broker.server().bind(config.bindAddress(), config.prometheusPort(), initializer(routes, null),
                    "Prometheus");
            log.info("Prometheus metrics on http://{}:{}/metrics", config.bindAddress(), prometheusPort());
        }
    }

    /** HTTP, or HTTPS when {@code tls} is not null. */
    private ChannelInitializer<Channel> initializer(Routes routes, ServerTls tls) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tls != null) {
                    ch.pipeline().addLast("ssl", tls.newHandler(ch.alloc()));
                }
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

    /** The bound HTTPS API port, or -1 when off. */
    public int tlsPort() {
        return apiTls == null ? -1 : ((InetSocketAddress) apiTls.localAddress()).getPort();
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
        if (apiTls != null) {
            apiTls.close().syncUninterruptibly();
            apiTls = null;
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
