package io.warren.broker.admin;

import io.warren.broker.MessageCounters;
import io.warren.broker.channel.AmqpChannel;
import io.warren.broker.channel.ChannelStats;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.queue.Consumer;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Snapshots of connections, channels and consumers. Channel tables are confined to their connection's event
 * loop, so channels and consumers are read by a task posted to each loop (all at once, then awaited); a
 * connection that does not answer within a second is left out of that listing.
 *
 * <p>Blocking: call from a management thread, never from an event loop.
 */
final class ConnectionViews {
    private static final long LOOP_TIMEOUT_MILLIS = 1_000;

    private final ConnectionRegistry registry;

    ConnectionViews(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** Open connections (those past connection.open). */
    List<ConnectionInfo> connections() {
        List<ConnectionInfo> out = new ArrayList<>();
        for (AmqpConnection c : registry.all()) {
            if (c.vhost() == null || c.tuning() == null) {
                continue;
            }
            var nc = c.nettyChannel();
            InetSocketAddress local = inet(nc.localAddress());
            InetSocketAddress peer = inet(nc.remoteAddress());
            MessageCounters k = c.counters();
            out.add(new ConnectionInfo(c.name(), c.vhost().name(), c.user(), c.isBlocked() ? "blocked" : "running",
                    c.channelCount(), host(local), port(local), host(peer), port(peer), c.connectedAt(),
                    c.tuning().heartbeat(), c.tuning().frameMax(), c.tuning().channelMax(),
                    PropertiesFormat.plainMap(c.clientProperties().asMap()), c.authMechanism(), TlsInfo.of(nc),
                    k.received.sum(),
                    k.delivered.sum() + k.deliveredGet.sum(), k.acknowledged.sum(), k.confirmed.sum()));
        }
        return out;
    }

    AmqpConnection find(String name) {
        for (AmqpConnection c : registry.all()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    List<ChannelInfo> channels() {
        return onEachLoop((c, ch, out) -> {
            InetSocketAddress peer = inet(c.nettyChannel().remoteAddress());
            ChannelStats s = ch.stats();
            out.add(new ChannelInfo(ch.describe(), c.name(), ch.number(), c.vhost().name(), c.user(), host(peer),
                    port(peer), ch.consumerCount(), ch.unackedCount(), ch.prefetchCount(), ch.confirmMode(),
                    ch.transactional(), s.published(), s.confirmed(), s.delivered(), s.got(), s.redelivered(),
                    s.acked()));
        });
    }

    /** A channel's counters for the sampler, in {@link MessageRates.ChannelSeries} order; its stats identify it. */
    record ChannelSample(String name, ChannelStats owner, long[] values) {
    }

    /** The counters of every channel, read on each connection's loop (the stats are confined to it). */
    List<ChannelSample> channelSamples() {
        return onEachLoop((c, ch, out) -> {
            ChannelStats s = ch.stats();
            out.add(new ChannelSample(ch.describe(), s, new long[] {s.published(), s.delivered() + s.got(),
                s.delivered(), s.got(), s.acked(), s.redelivered(), s.confirmed()}));
        });
    }

    List<ConsumerInfo> consumers() {
        return onEachLoop((c, ch, out) -> {
            InetSocketAddress peer = inet(c.nettyChannel().remoteAddress());
            for (Consumer k : ch.consumers()) {
                out.add(new ConsumerInfo(k.tag(), k.queue().vhost(), k.queue().name(), ch.describe(), c.name(),
                        ch.number(), host(peer), port(peer), c.user(), !k.noAck(), k.exclusive(),
                        k.prefetch().limit(), PropertiesFormat.plainMap(k.arguments()), activityStatus(k)));
            }
        });
    }

    private static String activityStatus(Consumer k) {
        if (!Boolean.TRUE.equals(k.queue().arguments().get("x-single-active-consumer"))) {
            return "up";
        }
        return k.waiting() ? "waiting" : "single_active";
    }

    /** What a task on a connection's loop adds to its own list for one channel. */
    private interface ChannelVisitor<T> {
        void visit(AmqpConnection connection, AmqpChannel channel, List<T> out);
    }

    /**
     * Runs {@code visitor} for every channel on its connection's event loop, each loop filling its own list;
     * returns the lists of the loops that answered in time.
     */
    private <T> List<T> onEachLoop(ChannelVisitor<T> visitor) {
        List<CompletableFuture<List<T>>> done = new ArrayList<>();
        for (AmqpConnection c : registry.all()) {
            if (c.vhost() == null) {
                continue;
            }
            CompletableFuture<List<T>> f = new CompletableFuture<>();
            done.add(f);
            try {
                c.nettyChannel().eventLoop().execute(() -> {
                    List<T> out = new ArrayList<>();
                    try {
                        for (AmqpChannel ch : c.channels()) {
                            visitor.visit(c, ch, out);
                        }
                    } finally {
                        f.complete(out);
                    }
                });
            } catch (RuntimeException e) {
                f.complete(List.of()); // the loop is shutting down: the connection is going away
            }
        }
        try {
            CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]))
                    .get(LOOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a busy loop: list what answered
        }
        List<T> all = new ArrayList<>();
        for (CompletableFuture<List<T>> f : done) {
            all.addAll(f.getNow(List.of()));
        }
        return all;
    }

    private static InetSocketAddress inet(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i : null;
    }

    private static String host(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? "" : a.getAddress().getHostAddress();
    }

    private static int port(InetSocketAddress a) {
        return a == null ? 0 : a.getPort();
    }
}
