package io.warren.broker.admin;

import io.warren.broker.MessageCounters;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes one sample of every counter for {@link MessageRates}: the broker-wide counters and queue totals, and
 * the counters of each queue and connection (in the order of {@link MessageRates.QueueSeries} and
 * {@link MessageRates.ConnectionSeries}). Runs on
 * the sampling thread; reads only volatile counters and concurrent collections.
 */
final class Sampler {
    private final BrokerAdmin admin;
    private final MessageRates rates;
    private final int intervalSeconds;

    Sampler(BrokerAdmin admin, MessageRates rates, int intervalSeconds) {
        this.admin = admin;
        this.rates = rates;
        this.intervalSeconds = intervalSeconds;
    }

    private ScheduledExecutorService scheduler;

    /** Samples now, then every interval on a daemon thread; idempotent. */
    synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warren-mgmt-rates");
                t.setDaemon(true);
                return t;
            });
            sampleNow();
            scheduler.scheduleAtFixedRate(this::sampleNow, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    void sampleNow() {
        Map<String, long[]> objects = new HashMap<>();
        long ready = 0;
        long unacked = 0;
        for (QueueInfo q : admin.queues(null)) {
            ready += q.messagesReady();
            unacked += q.messagesUnacknowledged();
            objects.put(MessageRates.queueKey(q.vhost(), q.name()), new long[] {q.published(), q.delivered(),
                q.acked(), q.redelivered(), q.messages(), q.messagesReady(), q.messagesUnacknowledged()});
        }
        for (ConnectionInfo c : admin.connections()) {
            objects.put(MessageRates.connectionKey(c.name()),
                    new long[] {c.published(), c.delivered(), c.acked(), c.confirmed()});
        }
        MessageCounters k = admin.counters();
        long deliver = k.delivered.sum();
        long get = k.deliveredGet.sum();
        rates.record(new long[] {k.received.sum(), deliver + get, deliver, get, k.acknowledged.sum(),
            k.confirmed.sum(), k.redelivered.sum(), k.routed.sum(), k.unroutableDropped.sum(),
            k.unroutableReturned.sum(), k.getEmpty.sum(), ready + unacked, ready, unacked});
        rates.recordObjects(objects);
    }
}
