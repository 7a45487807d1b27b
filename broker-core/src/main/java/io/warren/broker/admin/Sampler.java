package io.warren.broker.admin;

import io.warren.broker.Broker;
import io.warren.broker.MessageCounters;
import io.warren.broker.admin.MessageRates.Kind;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.queue.Queue;
import io.warren.broker.queue.QueueStats;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes one sample of every counter for {@link MessageRates}: the broker-wide counters and queue totals, and the
 * counters of each queue, exchange, connection and channel (in the order of the series enums of
 * {@link MessageRates}). Queues, exchanges and connections are read here (volatile fields and striped counters);
 * channel counters are confined to their connection's event loop, so they are read by a task on each loop first,
 * before the sample is recorded.
 *
 * <p>Runs on the sampling thread, every interval; {@link #sampleNow} may also be called by a test.
 */
final class Sampler {
    private static final Logger log = LoggerFactory.getLogger(Sampler.class);

    private final Broker broker;
    private final ConnectionViews connections;
    private final MessageRates rates;
    private final int intervalSeconds;
    private final long[] queueValues = new long[Kind.QUEUE.width()];
    private final long[] exchangeValues = new long[Kind.EXCHANGE.width()];
    private final long[] connectionValues = new long[Kind.CONNECTION.width()];
    private final long[] brokerValues = new long[Kind.BROKER.width()];
    private ScheduledExecutorService scheduler;

    Sampler(Broker broker, ConnectionViews connections, MessageRates rates, int intervalSeconds) {
        this.broker = broker;
        this.connections = connections;
        this.rates = rates;
        this.intervalSeconds = intervalSeconds;
    }

    /** Samples now, then every interval on a daemon thread; idempotent. */
    synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warren-mgmt-rates");
                t.setDaemon(true);
                return t;
            });
            sampleNow();
            scheduler.scheduleAtFixedRate(this::sampleOrLog, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** A failure must not end the schedule (an executor drops a periodic task that throws). */
    private void sampleOrLog() {
        try {
            sampleNow();
        } catch (RuntimeException e) {
            log.error("message rates sample failed", e);
        }
    }

    /** One sample of everything. Blocks up to a second per busy event loop (for the channels). */
    synchronized void sampleNow() {
        List<ConnectionViews.ChannelSample> channels = connections.channelSamples();
        rates.sample(r -> {
            long ready = 0;
            long unacked = 0;
            for (VirtualHost v : broker.vhosts()) {
                for (Queue q : v.queues()) {
                    QueueStats s = q.stats();
                    int qReady = s.ready();
                    int qUnacked = s.unacked();
                    ready += qReady;
                    unacked += qUnacked;
                    long[] qv = queueValues; // filled in place: no garbage per queue
                    qv[0] = s.published();
                    qv[1] = s.delivered();
                    qv[2] = s.acked();
                    qv[3] = s.redelivered();
                    qv[4] = (long) qReady + qUnacked;
                    qv[5] = qReady;
                    qv[6] = qUnacked;
                    r.record(Kind.QUEUE, q.vhost(), q.name(), q, queueValues);
                }
                for (Exchange x : v.exchanges()) {
                    exchangeValues[0] = x.publishedIn();
                    exchangeValues[1] = x.publishedOut();
                    r.record(Kind.EXCHANGE, x.vhost(), x.name(), x, exchangeValues);
                }
            }
            for (AmqpConnection c : broker.connections().all()) {
                if (c.vhost() == null || c.tuning() == null) {
                    continue; // not open yet: not listed either
                }
                MessageCounters k = c.counters();
                fill(connectionValues, k.received.sum(), k.delivered.sum() + k.deliveredGet.sum(),
                        k.acknowledged.sum(), k.confirmed.sum());
                r.record(Kind.CONNECTION, "", c.name(), c, connectionValues);
            }
            for (ConnectionViews.ChannelSample ch : channels) {
                r.record(Kind.CHANNEL, "", ch.name(), ch.owner(), ch.values());
            }
            MessageCounters k = broker.counters();
            long deliver = k.delivered.sum();
            long get = k.deliveredGet.sum();
            fill(brokerValues, k.received.sum(), deliver + get, deliver, get, k.acknowledged.sum(),
                    k.confirmed.sum(), k.redelivered.sum(), k.routed.sum(), k.unroutableDropped.sum(),
                    k.unroutableReturned.sum(), k.getEmpty.sum(), ready + unacked, ready, unacked);
            r.record(Kind.BROKER, "", "", broker, brokerValues);
        });
    }

    private static void fill(long[] into, long... values) {
        System.arraycopy(values, 0, into, 0, into.length);
    }
}
