package io.warren.broker.channel;

/**
 * RabbitMQ's delivery acknowledgement timeout ({@code consumer_timeout}) for one channel, at no cost per
 * delivery: nothing is stamped on a delivery. Instead a timer ticks a few times per timeout and each tick records
 * a mark, "every tag up to T had been delivered by time t". A channel times out when its oldest unacknowledged
 * tag is covered by a mark at least one timeout old, so the channel is closed between one timeout and one tick
 * period after that delivery, as RabbitMQ checks on its own periodic tick. Confinement: the channel's event loop.
 */
final class AckTimeout {
    private final long timeoutNanos;
    private final long[] times;
    private final long[] tags;
    private int head; // oldest mark
    private int size;

    AckTimeout(long timeoutNanos, long tickNanos) {
        this.timeoutNanos = timeoutNanos;
        int capacity = (int) Math.min(1024, timeoutNanos / tickNanos + 2);
        times = new long[capacity];
        tags = new long[capacity];
    }

    /**
     * One tick at {@code now}: records that every tag up to {@code lastTag} has been delivered, and tells whether
     * the oldest unacknowledged delivery ({@code oldestUnacked}, 0 for none) has now waited a whole timeout.
     */
    boolean tick(long now, long lastTag, long oldestUnacked) {
        if (size == times.length) {
            drop();
        }
        int i = (head + size) % times.length;
        times[i] = now;
        tags[i] = lastTag;
        size++;
        long coveredTag = 0;
        while (size > 0 && now - times[head] >= timeoutNanos) {
            coveredTag = tags[head];
            if (size > 1 && now - times[(head + 1) % times.length] >= timeoutNanos) {
                drop(); // a newer mark is old enough too
            } else {
                break;
            }
        }
        return oldestUnacked > 0 && oldestUnacked <= coveredTag;
    }

    private void drop() {
        head = (head + 1) % times.length;
        size--;
    }
}
