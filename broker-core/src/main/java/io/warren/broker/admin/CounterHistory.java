package io.warren.broker.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * The recent history of one object's counters (a queue's, an exchange's, a connection's, a channel's, or the
 * broker's): its values at the newest sample, and the change of each value at every sample of the window kept
 * by {@link SampleTimes}. A past value is the newest one minus the changes since.
 *
 * <p>Memory: an idle object costs its last values only. The ring of changes (an {@code int[]} of capacity x
 * width, one row per sample number modulo the capacity) is allocated at the first sample where a value moves,
 * and dropped again once a whole window has passed without any change, because then every value in the window
 * equals the last one. A change is stored as an int: more than 2^31 messages in one interval is out of reach.
 *
 * <p>Counters compare by owner identity: a new object under the same name (a queue deleted and declared again)
 * starts a new history instead of producing a negative change.
 *
 * <p>Confinement: guarded by the lock of the owning {@link MessageRates}.
 */
final class CounterHistory {
    private final Object owner;
    private final long[] last;
    /** The sample at which the object was first seen: there are no values before it. */
    private final int born;
    private int seen;
    private int[] changes;
    /** The newest sample at which some value changed (meaningful while {@link #changes} is allocated). */
    private int lastActive;

    CounterHistory(Object owner, long[] values, int sample) {
        this.owner = owner;
        this.last = values.clone();
        this.born = sample;
        this.seen = sample;
    }

    Object owner() {
        return owner;
    }

    /** The newest sample this object was recorded in. */
    int seen() {
        return seen;
    }

    int width() {
        return last.length;
    }

    /** Whether the ring of changes is allocated (the object changed within the window). */
    boolean active() {
        return changes != null;
    }

    /** The values at the newest sample; do not modify. */
    long value(int series) {
        return last[series];
    }

    /** Records the values of {@code sample}, the one after {@link #seen()}; {@code values} is not kept. */
    void record(long[] values, int sample, int capacity) {
        if (sample != seen + 1) {
            throw new IllegalStateException("sample " + sample + " after " + seen + " (expected: the next one)");
        }
        int width = last.length;
        boolean moved = false;
        for (int i = 0; i < width && !moved; i++) {
            moved = values[i] != last[i];
        }
        if (moved && changes == null) {
            changes = new int[capacity * width]; // the rows of the window so far are zero: nothing changed there
        }
        if (changes != null) {
            int row = (sample % capacity) * width;
            for (int i = 0; i < width; i++) {
                changes[row + i] = saturatedInt(values[i] - last[i]);
            }
            if (moved) {
                lastActive = sample;
            } else if (sample - lastActive >= capacity - 1) {
                // Every change after the oldest sample of the window is zero: all its values equal the last.
                changes = null;
            }
        }
        System.arraycopy(values, 0, last, 0, width);
        seen = sample;
    }

    /** Per second, between the last two samples; 0 without two samples or without a change. */
    double rate(int series, SampleTimes times) {
        if (changes == null || seen == born) {
            return 0;
        }
        long millis = times.time(seen) - times.time(seen - 1);
        if (millis <= 0) {
            return 0;
        }
        return changes[(seen % times.capacity()) * last.length + series] * 1000.0 / millis;
    }

    /**
     * The value of one series at each point of {@code range}, newest first: at each point, the value of the
     * newest sample taken at or before it. Stops at the first point older than every sample kept.
     */
    List<MessageRates.Point> samples(int series, SampleRange range, SampleTimes times) {
        List<MessageRates.Point> out = new ArrayList<>();
        int capacity = times.capacity();
        int oldest = Math.max(born, seen - capacity + 1);
        int k = seen;
        long v = last[series];
        for (long t = range.lastMillis(); t >= range.firstMillis(); t -= range.incrMillis()) {
            while (k >= oldest && times.time(k) > t) {
                if (changes != null) {
                    v -= changes[(k % capacity) * last.length + series];
                }
                k--;
            }
            if (k < oldest) {
                break;
            }
            out.add(new MessageRates.Point(t, v));
        }
        return out;
    }

    private static int saturatedInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
