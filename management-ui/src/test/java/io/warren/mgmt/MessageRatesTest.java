package io.warren.mgmt;

import io.warren.broker.admin.MessageRates;
import io.warren.broker.admin.MessageRates.Series;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageRatesTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final MessageRates rates = new MessageRates(5, now::get);

    private static long[] sample(long publish) {
        long[] s = new long[Series.values().length];
        s[Series.PUBLISH.ordinal()] = publish;
        return s;
    }

    @Test
    void rateIsTheDifferenceOfTheLastTwoSamplesPerSecond() {
        assertEquals(0, rates.rate(Series.PUBLISH));
        rates.record(sample(100));
        now.addAndGet(5_000);
        rates.record(sample(600));
        assertEquals(100.0, rates.rate(Series.PUBLISH));
        assertEquals(2, rates.history(Series.PUBLISH, 600).size());
    }

    @Test
    void historyKeepsTenMinutesInARing() {
        for (int i = 0; i < 500; i++) {
            rates.record(sample(i));
            now.addAndGet(5_000);
        }
        var h = rates.history(Series.PUBLISH, MessageRates.HISTORY_SECONDS);
        assertEquals(120, h.size());
        assertEquals(499, h.get(h.size() - 1).value(), "newest last");
        assertEquals(1.0 / 5, rates.rate(Series.PUBLISH));
    }

    @Test
    void queueRatesComeFromTheirOwnSamplesAndVanishWithTheQueue() {
        rates.recordObjects(Map.of("q\u0000/\u0000a", new long[] {10, 0, 0, 0, 0, 0, 0}));
        now.addAndGet(2_000);
        rates.recordObjects(Map.of("q\u0000/\u0000a", new long[] {30, 0, 0, 0, 0, 0, 0}));
        assertEquals(10.0, rates.queueRate("/", "a", MessageRates.QueueSeries.PUBLISH));
        rates.recordObjects(Map.of());
        assertEquals(0, rates.queueRate("/", "a", MessageRates.QueueSeries.PUBLISH));
    }
}
