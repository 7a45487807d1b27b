package io.warren.broker.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One object's history on a small window (capacity 5 samples, one sample a second) with a hand-driven clock. */
class CounterHistoryTest {
    private static final int CAPACITY = 5;

    private final SampleTimes times = new SampleTimes(CAPACITY);
    private long clock = 1_000_000;
    private CounterHistory history;

    /** Takes the next sample, one second after the previous, with these values. */
    private void sample(long... values) {
        int n = times.advance(clock);
        clock += 1_000;
        if (history == null) {
            history = new CounterHistory(this, values, n);
        } else {
            history.record(values, n, CAPACITY);
        }
    }

    private List<Long> values(int series) {
        long last = times.time(times.latest());
        SampleRange all = new SampleRange(last - 60_000, last, 1_000);
        return history.samples(series, all, times).stream().map(MessageRates.Point::value).toList();
    }

    @Test
    void anIdleObjectNeverAllocatesARing() {
        for (int i = 0; i < 3 * CAPACITY; i++) {
            sample(7, 3);
        }
        assertFalse(history.active());
        assertEquals(0, history.rate(0, times));
        assertEquals(List.of(7L, 7L, 7L, 7L, 7L), values(0), "the whole window, all at the last value");
    }

    @Test
    void theRingComesWithTheFirstChangeAndGoesAfterAFullWindowWithout() {
        sample(0, 0);
        sample(0, 0);
        assertFalse(history.active());
        sample(4, 0); // sample 2: the first change
        assertTrue(history.active());
        assertEquals(List.of(4L, 0L, 0L), values(0));
        for (int n = 3; n <= 5; n++) {
            sample(4, 0);
            assertTrue(history.active(), "sample " + n + ": the change at sample 2 is still inside the window");
        }
        sample(4, 0); // sample 6: the window holds samples 2..6, all of them 4
        assertFalse(history.active());
        assertEquals(List.of(4L, 4L, 4L, 4L, 4L), values(0));
        sample(9, 0);
        assertTrue(history.active(), "allocated again on the next change");
        assertEquals(List.of(9L, 4L, 4L, 4L, 4L), values(0));
    }

    @Test
    void rateIsTheLastChangePerSecond() {
        sample(100, 10);
        assertEquals(0, history.rate(0, times), "one sample: no rate yet");
        sample(600, 4);
        assertEquals(500.0, history.rate(0, times));
        assertEquals(-6.0, history.rate(1, times), "a queue length may fall");
        sample(600, 4);
        assertEquals(0.0, history.rate(0, times));
    }

    @Test
    void samplesWrapAroundTheRingAndStopAtTheOldestKept() {
        for (int i = 0; i < 23; i++) {
            sample(i * i, 100 - i);
        }
        assertEquals(List.of(484L, 441L, 400L, 361L, 324L), values(0), "newest first, the last 5 of 23");
        assertEquals(List.of(78L, 79L, 80L, 81L, 82L), values(1));
    }

    @Test
    void aPointTakesTheNewestSampleAtOrBeforeIt() {
        sample(1); // at t0
        sample(2); // at t0 + 1 s
        sample(5); // at t0 + 2 s
        long t0 = times.time(0);
        var points = history.samples(0, new SampleRange(t0 - 1_000, t0 + 2_500, 500), times);
        assertEquals(List.of(t0 + 2_500, t0 + 2_000, t0 + 1_500, t0 + 1_000, t0 + 500, t0),
                points.stream().map(MessageRates.Point::timestampMillis).toList(), "none before the first sample");
        assertEquals(List.of(5L, 5L, 2L, 2L, 1L, 1L), points.stream().map(MessageRates.Point::value).toList());
    }

    @Test
    void aSkippedSampleIsABug() {
        sample(1);
        times.advance(clock);
        int skipped = times.advance(clock + 1);
        assertThrows(IllegalStateException.class, () -> history.record(new long[] {1}, skipped, CAPACITY));
    }
}
