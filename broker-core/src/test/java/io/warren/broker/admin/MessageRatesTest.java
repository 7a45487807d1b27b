package io.warren.broker.admin;

import io.warren.broker.admin.MessageRates.Kind;
import io.warren.broker.admin.MessageRates.QueueSeries;
import io.warren.broker.admin.MessageRates.Series;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampling facade with an injected clock: 5-second samples, 10 minutes of history per object. */
class MessageRatesTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final MessageRates rates = new MessageRates(5, now::get);
    private final Object queueA = new Object();

    private static long[] queue(long published, long ready) {
        return new long[] {published, 0, 0, 0, ready, ready, 0};
    }

    private void sampleQueues(long published, long ready) {
        rates.sample(r -> r.record(Kind.QUEUE, "/", "a", queueA, queue(published, ready)));
        now.addAndGet(5_000);
    }

    @Test
    void queueRatesComeFromTheirOwnSamplesAndVanishWithTheQueue() {
        sampleQueues(10, 0);
        sampleQueues(60, 3);
        double[] r = rates.rates(Kind.QUEUE, "/", "a");
        assertEquals(10.0, r[QueueSeries.PUBLISH.ordinal()]);
        assertEquals(0.6, r[QueueSeries.MESSAGES_READY.ordinal()], 1e-9);
        rates.sample(rec -> { });
        assertArrayEquals(new double[Kind.QUEUE.width()], rates.rates(Kind.QUEUE, "/", "a"));
        assertEquals(List.of(), rates.samples(Kind.QUEUE, "/", "a", 0, SampleRange.of(600, 5, now.get(), false)));
    }

    @Test
    void aNewObjectUnderTheSameNameStartsANewHistory() {
        sampleQueues(1_000, 0);
        sampleQueues(2_000, 0);
        Object redeclared = new Object();
        rates.sample(r -> r.record(Kind.QUEUE, "/", "a", redeclared, queue(5, 0)));
        assertEquals(0.0, rates.rates(Kind.QUEUE, "/", "a")[0], "no negative rate from the counter restarting");
        assertEquals(1, rates.samples(Kind.QUEUE, "/", "a", 0, SampleRange.of(600, 5, now.get(), false)).size());
    }

    @Test
    void tenMinutesOfSamplesAtTheRequestedPointsNewestFirst() {
        for (int i = 0; i < 300; i++) { // 25 minutes
            sampleQueues(i * 10L, i % 7);
        }
        long last = now.get() - 5_000;
        var points = rates.samples(Kind.QUEUE, "/", "a", QueueSeries.PUBLISH.ordinal(),
                SampleRange.of(600, 5, last, false));
        assertEquals(121, points.size(), "600 s at 5 s, both ends included");
        assertEquals(2_990, points.get(0).value());
        assertEquals(last, points.get(0).timestampMillis());
        assertEquals(1_790, points.get(120).value());
        var coarse = rates.samples(Kind.QUEUE, "/", "a", QueueSeries.PUBLISH.ordinal(),
                SampleRange.of(600, 60, last, false));
        assertTrue(coarse.size() == 10 || coarse.size() == 11, "one point a minute: " + coarse.size());
        for (int i = 1; i < coarse.size(); i++) {
            assertEquals(60_000, coarse.get(i - 1).timestampMillis() - coarse.get(i).timestampMillis());
        }
    }

    @Test
    void brokerSeriesAreOneMoreObject() {
        long[] v = new long[Kind.BROKER.width()];
        for (int i = 0; i < 3; i++) {
            v[Series.PUBLISH.ordinal()] = 100L * i;
            rates.sample(r -> r.record(Kind.BROKER, "", "", rates, v));
            now.addAndGet(5_000);
        }
        assertEquals(20.0, rates.rate(Series.PUBLISH));
        assertEquals(List.of(200L, 100L, 0L), rates.samples(Series.PUBLISH,
                SampleRange.of(600, 5, now.get() - 5_000, false)).stream().map(MessageRates.Point::value).toList());
    }

    @Test
    void tenThousandIdleQueuesHoldNoRingAndOnlyActiveOnesDo() {
        Object[] owners = new Object[10_000];
        String[] names = new String[owners.length];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = new Object();
            names[i] = "q" + i;
        }
        for (int round = 0; round < 3; round++) {
            long published = round;
            rates.sample(r -> {
                for (int i = 0; i < owners.length; i++) {
                    r.record(Kind.QUEUE, "/", names[i], owners[i], queue(i < 1_000 ? published : 0, 0));
                }
            });
            now.addAndGet(5_000);
        }
        assertArrayEquals(new int[] {10_000, 1_000}, rates.footprint(Kind.QUEUE));
        for (int round = 0; round < 121; round++) { // a full window without changes
            rates.sample(r -> {
                for (int i = 0; i < owners.length; i++) {
                    r.record(Kind.QUEUE, "/", names[i], owners[i], queue(i < 1_000 ? 2 : 0, 0));
                }
            });
        }
        assertArrayEquals(new int[] {10_000, 0}, rates.footprint(Kind.QUEUE), "the rings are dropped again");
    }
}
