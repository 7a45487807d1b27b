package io.warren.broker.admin;

/**
 * The points a client asks history for, as RabbitMQ's {@code *_age}/{@code *_incr} query parameters define
 * them ({@code rabbit_mgmt_util:range}): every {@code incrMillis} from {@code lastMillis} back to
 * {@code firstMillis}, where {@code lastMillis} is now rounded to a multiple of the increment (down, or up for
 * queue lengths) and {@code firstMillis = lastMillis - age}.
 */
public record SampleRange(long firstMillis, long lastMillis, long incrMillis) {
    public SampleRange {
        if (incrMillis <= 0) {
            throw new IllegalArgumentException("incrMillis: " + incrMillis + " (expected: > 0)");
        }
        if (firstMillis > lastMillis) {
            throw new IllegalArgumentException("firstMillis: " + firstMillis + " (expected: <= lastMillis "
                    + lastMillis + ")");
        }
    }

    /**
     * The range of the last {@code ageSeconds} at one point every {@code incrSeconds}, ending at now rounded
     * down to the increment, or up when {@code ceil} (RabbitMQ's {@code range} and {@code range_ceil}).
     */
    public static SampleRange of(int ageSeconds, int incrSeconds, long nowMillis, boolean ceil) {
        if (ageSeconds <= 0 || incrSeconds <= 0) {
            throw new IllegalArgumentException("age: " + ageSeconds + ", incr: " + incrSeconds
                    + " (expected: both > 0)");
        }
        long incr = incrSeconds * 1000L;
        long last = Math.floorDiv(nowMillis, incr) * incr;
        if (ceil && last != nowMillis) {
            last += incr;
        }
        return new SampleRange(last - ageSeconds * 1000L, last, incr);
    }
}
