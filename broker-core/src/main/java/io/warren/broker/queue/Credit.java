package io.warren.broker.queue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded count of deliveries in flight, shared between a queue loop (which acquires) and a channel's event
 * loop (which releases on ack or after writing).
 *
 * <p>This is the one piece of mutable state two threads touch on the delivery path, so it is a single atomic
 * counter. {@link #release} reports the transition from exhausted to available, so the releasing side knows
 * when to wake the queues that stopped delivering.
 */
public final class Credit {
    /** A credit that never runs out (prefetch 0 means "no limit" in basic.qos). */
    public static final Credit UNLIMITED = new Credit(0);

    private volatile int limit;
    private final AtomicInteger used = new AtomicInteger();

    /** @param limit the most deliveries in flight at once; 0 for no limit */
    public Credit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
        }
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /**
     * Changes the limit (basic.qos global=true applies at once to the channel's consumers); true when more
     * deliveries may now be in flight than before. Not for {@link #UNLIMITED}.
     */
    public boolean setLimit(int newLimit) {
        if (this == UNLIMITED) {
            throw new IllegalStateException("the shared unlimited credit cannot change");
        }
        int old = limit;
        limit = newLimit;
        return newLimit == 0 ? old != 0 : old != 0 && newLimit > old;
    }

    public int used() {
        return used.get();
    }

    public boolean available() {
        int max = limit;
        return max == 0 || used.get() < max;
    }

    /** Takes one unit if any is left. */
    public boolean tryAcquire() {
        if (this == UNLIMITED) {
            return true;
        }
        int max = limit;
        if (max == 0) {
            used.incrementAndGet();
            return true;
        }
        for (;;) {
            int u = used.get();
            if (u >= max) {
                return false;
            }
            if (used.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /** Gives back {@code n} units; true when the credit was exhausted before and is available now. */
    public boolean release(int n) {
        if (n == 0 || this == UNLIMITED) {
            return false;
        }
        int max = limit;
        int before = used.getAndAdd(-n);
        return max != 0 && before >= max && before - n < max;
    }
}
