package io.warren.broker.admin;

/**
 * When each of the last {@link #capacity()} samples was taken: a ring of timestamps indexed by sample number
 * ({@code number % capacity}). Every object's {@link CounterHistory} is sampled at these instants, so they share
 * this one ring instead of keeping timestamps of their own.
 *
 * <p>Confinement: guarded by the lock of the owning {@link MessageRates}.
 */
final class SampleTimes {
    private final long[] millis;
    private int latest = -1;

    SampleTimes(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 2)");
        }
        this.millis = new long[capacity];
    }

    /** Starts the next sample, taken at {@code nowMillis}; returns its number (0 for the first). */
    int advance(long nowMillis) {
        latest++;
        millis[latest % millis.length] = nowMillis;
        return latest;
    }

    /** The number of the newest sample, -1 before the first. */
    int latest() {
        return latest;
    }

    /** The oldest sample number still in the ring. */
    int oldest() {
        return Math.max(0, latest - millis.length + 1);
    }

    int capacity() {
        return millis.length;
    }

    /** When sample {@code number} was taken; it must lie between {@link #oldest()} and {@link #latest()}. */
    long time(int number) {
        return millis[number % millis.length];
    }
}
