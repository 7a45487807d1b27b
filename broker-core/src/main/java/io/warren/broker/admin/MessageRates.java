package io.warren.broker.admin;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Message rates and their history, as RabbitMQ's management plugin computes them: monotonic counters (and queue
 * lengths) are sampled at a fixed interval (5 s by default); a rate is the difference between the last two
 * samples divided by the time between them; the samples of the last {@value #HISTORY_SECONDS} s are kept, for
 * the broker and for every queue, exchange, connection and channel, so the {@code *_age}/{@code *_incr} query
 * parameters work on every object.
 *
 * <p>Memory: objects keep history as {@link CounterHistory} does, a ring of changes only while they are
 * active, so 10 000 idle queues cost their last values and map entries (about 150 bytes each) and an active
 * queue adds one {@code int} per series per sample of the window (3.4 KB at 5 s).
 *
 * <p>Thread-safety: {@link #sample} runs on the sampling thread, reads on request threads; every method is
 * synchronized (one sampling pass every few seconds, never on a message path: the counters it reads are
 * maintained by the broker without any involvement of this class).
 */
public final class MessageRates {
    public static final int HISTORY_SECONDS = 600;

    /** The broker-wide series, in the order of the values recorded for {@link Kind#BROKER}. */
    public enum Series {
        PUBLISH, DELIVER_GET, DELIVER, GET, ACK, CONFIRM, REDELIVER, ROUTED, DROP_UNROUTABLE, RETURN_UNROUTABLE,
        GET_EMPTY, MESSAGES, MESSAGES_READY, MESSAGES_UNACKNOWLEDGED
    }

    /** Per-queue series, in the order of a queue's values. */
    public enum QueueSeries { PUBLISH, DELIVER_GET, ACK, REDELIVER, MESSAGES, MESSAGES_READY, MESSAGES_UNACKNOWLEDGED }

    /** Per-exchange series: messages published into the exchange, and queue deliveries routed out of it. */
    public enum ExchangeSeries { PUBLISH_IN, PUBLISH_OUT }

    /** Per-connection series, in the order of a connection's values. */
    public enum ConnectionSeries { PUBLISH, DELIVER_GET, ACK, CONFIRM }

    /** Per-channel series, in the order of a channel's values. */
    public enum ChannelSeries { PUBLISH, DELIVER_GET, DELIVER, GET, ACK, REDELIVER, CONFIRM }

    /** What is sampled, with how many values each object has. */
    public enum Kind {
        BROKER(Series.values().length), QUEUE(QueueSeries.values().length),
        EXCHANGE(ExchangeSeries.values().length), CONNECTION(ConnectionSeries.values().length),
        CHANNEL(ChannelSeries.values().length);

        private final int width;

        Kind(int width) {
            this.width = width;
        }

        public int width() {
            return width;
        }
    }

    /** Receives the values of every object during one {@link #sample}; valid only inside that call. */
    @FunctionalInterface
    public interface Recorder {
        /**
         * @param scope  the vhost of a queue or exchange, "" otherwise
         * @param owner  the sampled object itself: a different owner under the same name starts a new history
         * @param values one per series of the kind, in order; copied, so the caller may reuse the array
         */
        void record(Kind kind, String scope, String name, Object owner, long[] values);
    }

    /** One point of a series. */
    public record Point(long timestampMillis, long value) {
    }

    private static final String BROKER = "";

    private final LongSupplier clockMillis;
    private final int intervalSeconds;
    private final SampleTimes times;
    private final HistoryTable[] tables = new HistoryTable[Kind.values().length];
    private final Recorder recorder = this::recordOne;

    public MessageRates(int intervalSeconds, LongSupplier clockMillis) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("intervalSeconds: " + intervalSeconds + " (expected: > 0)");
        }
        this.clockMillis = clockMillis;
        this.intervalSeconds = intervalSeconds;
        this.times = new SampleTimes(Math.max(2, HISTORY_SECONDS / intervalSeconds + 1));
        for (Kind k : Kind.values()) {
            tables[k.ordinal()] = new HistoryTable(k.width());
        }
    }

    /** The time on this instance's clock, for building {@link SampleRange}s. */
    public long now() {
        return clockMillis.getAsLong();
    }

    public int intervalSeconds() {
        return intervalSeconds;
    }

    /**
     * Takes one sample: {@code objects} records the values of every live object (the broker's own under
     * {@link Kind#BROKER}, scope "" and name ""). Objects not recorded are forgotten.
     */
    public synchronized void sample(Consumer<Recorder> objects) {
        int n = times.advance(clockMillis.getAsLong());
        objects.accept(recorder);
        for (HistoryTable t : tables) {
            t.forgetUnseen(n);
        }
    }

    private void recordOne(Kind kind, String scope, String name, Object owner, long[] values) {
        tables[kind.ordinal()].record(scope, name, owner, values, times.latest(), times.capacity());
    }

    /** A broker-wide rate per second, between the last two samples; 0 until there are two. */
    public synchronized double rate(Series s) {
        CounterHistory h = tables[Kind.BROKER.ordinal()].get(BROKER, BROKER);
        return h == null ? 0 : h.rate(s.ordinal(), times);
    }

    /** A broker-wide series at the points of {@code range}, newest first. */
    public synchronized List<Point> samples(Series s, SampleRange range) {
        CounterHistory h = tables[Kind.BROKER.ordinal()].get(BROKER, BROKER);
        return h == null ? List.of() : h.samples(s.ordinal(), range, times);
    }

    /** The rates per second of every series of one object, in series order; zeros when it has no history. */
    public synchronized double[] rates(Kind kind, String scope, String name) {
        double[] out = new double[kind.width()];
        CounterHistory h = tables[kind.ordinal()].get(scope, name);
        if (h != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] = h.rate(i, times);
            }
        }
        return out;
    }

    /** One series of one object at the points of {@code range}, newest first; empty without history. */
    public synchronized List<Point> samples(Kind kind, String scope, String name, int series, SampleRange range) {
        CounterHistory h = tables[kind.ordinal()].get(scope, name);
        return h == null ? List.of() : h.samples(series, range, times);
    }

    /** How many objects of a kind have history, and how many of them hold a ring of changes (tests, sizing). */
    synchronized int[] footprint(Kind kind) {
        HistoryTable t = tables[kind.ordinal()];
        return new int[] {t.size(), t.activeCount()};
    }
}
