package io.warren.broker.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Message rates, as RabbitMQ's management plugin computes them: monotonic counters are sampled at a fixed
 * interval (5 s by default) and a rate is the difference between the last two samples divided by the time between
 * them. The broker-wide samples are kept for {@value #HISTORY_SECONDS} s (a ring buffer) for the charts; a queue
 * or connection keeps only its last two samples, so 10 000 queues cost a few hundred kilobytes.
 *
 * <p>Thread-safety: {@link #record} runs on the sampling thread, reads on request threads; every method is
 * synchronized (a sample every few seconds, never on a message path).
 */
public final class MessageRates {
    public static final int HISTORY_SECONDS = 600;

    /** The broker-wide series, in the order of the values handed to {@link #record}. */
    public enum Series {
        PUBLISH, DELIVER_GET, DELIVER, GET, ACK, CONFIRM, REDELIVER, ROUTED, DROP_UNROUTABLE, RETURN_UNROUTABLE,
        GET_EMPTY, MESSAGES, MESSAGES_READY, MESSAGES_UNACKNOWLEDGED
    }

    /** Per-queue series, in the order of a queue's sample. */
    public enum QueueSeries { PUBLISH, DELIVER_GET, ACK, REDELIVER, MESSAGES, MESSAGES_READY, MESSAGES_UNACKNOWLEDGED }

    /** Per-connection series, in the order of a connection's sample. */
    public enum ConnectionSeries { PUBLISH, DELIVER_GET, ACK, CONFIRM }

    /** One point of a series. */
    public record Point(long timestampMillis, long value) {
    }

    private final LongSupplier clockMillis;
    private final long[] times;
    private final long[][] values;
    private int head = -1;
    private int size;
    private final Map<String, long[]> objects = new HashMap<>();
    private final Map<String, long[]> previousObjects = new HashMap<>();
    private long objectTime;
    private long previousObjectTime;

    public MessageRates(int intervalSeconds, LongSupplier clockMillis) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("intervalSeconds: " + intervalSeconds + " (expected: > 0)");
        }
        this.clockMillis = clockMillis;
        int capacity = HISTORY_SECONDS / intervalSeconds + 1;
        this.times = new long[capacity];
        this.values = new long[capacity][];
    }

    /** Records one broker-wide sample; {@code sample} holds one value per {@link Series}, in order. */
    public synchronized void record(long[] sample) {
        if (sample.length != Series.values().length) {
            throw new IllegalArgumentException("sample: " + sample.length + " values (expected: "
                    + Series.values().length + ")");
        }
        head = (head + 1) % times.length;
        times[head] = clockMillis.getAsLong();
        values[head] = sample.clone();
        size = Math.min(size + 1, times.length);
    }

    /**
     * Records the counters of every queue or connection at once ({@code key -> counters}); objects missing from
     * the map are forgotten.
     */
    public synchronized void recordObjects(Map<String, long[]> sample) {
        previousObjects.clear();
        previousObjects.putAll(objects);
        previousObjectTime = objectTime;
        objects.clear();
        objects.putAll(sample);
        objectTime = clockMillis.getAsLong();
    }

    /** Per second, between the last two samples; 0 until there are two. */
    public synchronized double rate(Series s) {
        if (size < 2) {
            return 0;
        }
        int prev = Math.floorMod(head - 1, times.length);
        return perSecond(values[head][s.ordinal()] - values[prev][s.ordinal()], times[head] - times[prev]);
    }

    /** The rate of counter {@code index} of one object (see {@link #recordObjects}); 0 without two samples. */
    synchronized double objectRate(String key, int index) {
        long[] now = objects.get(key);
        long[] before = previousObjects.get(key);
        if (now == null || before == null) {
            return 0;
        }
        return perSecond(now[index] - before[index], objectTime - previousObjectTime);
    }

    public double queueRate(String vhost, String queue, QueueSeries s) {
        return objectRate(queueKey(vhost, queue), s.ordinal());
    }

    public double connectionRate(String connection, ConnectionSeries s) {
        return objectRate(connectionKey(connection), s.ordinal());
    }

    static String queueKey(String vhost, String queue) {
        return "q\u0000" + vhost + "\u0000" + queue;
    }

    static String connectionKey(String name) {
        return "c\u0000" + name;
    }

    /** The samples of the last {@code ageSeconds}, oldest first. */
    public synchronized List<Point> history(Series s, int ageSeconds) {
        List<Point> out = new ArrayList<>();
        long since = clockMillis.getAsLong() - ageSeconds * 1000L;
        for (int i = size - 1; i >= 0; i--) {
            int idx = Math.floorMod(head - i, times.length);
            if (times[idx] >= since) {
                out.add(new Point(times[idx], values[idx][s.ordinal()]));
            }
        }
        return out;
    }

    private static double perSecond(long delta, long millis) {
        if (millis <= 0) {
            return 0;
        }
        return Math.max(0, delta) * 1000.0 / millis;
    }
}
