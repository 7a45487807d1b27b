package io.warren.broker.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RabbitMQ's vhost and user limits ({@code max-connections}, {@code max-queues}, {@code max-channels}): a limit
 * read from a limits map, negative or absent meaning none, and a count taken only while below it. Thread-safe.
 */
public final class CountedLimit {
    private CountedLimit() {
    }

    /** The limit {@code name} in {@code limits}, or -1 for none. */
    public static long of(Map<String, Long> limits, String name) {
        Long v = limits.get(name);
        return v == null ? -1 : v;
    }

    /** Adds one to {@code count} unless that would pass {@code max} (negative: no limit); false then. */
    public static boolean tryIncrement(AtomicInteger count, long max) {
        while (true) {
            int n = count.get();
            if (max >= 0 && n >= max) {
                return false;
            }
            if (count.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }
}
