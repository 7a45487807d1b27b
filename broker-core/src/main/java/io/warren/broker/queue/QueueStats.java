package io.warren.broker.queue;

/**
 * Counters of one queue. Written only by the queue loop, read by anyone (declare-ok, management): plain
 * volatile fields, no atomics needed with a single writer.
 */
public final class QueueStats {
    volatile int ready;
    volatile int unacked;
    volatile int consumers;
    volatile long published;
    volatile long delivered;
    volatile long redelivered;
    volatile long acked;
    volatile long readyBytes;
    volatile String exclusiveConsumerTag;
    volatile String singleActiveConsumerTag;

    public int ready() {
        return ready;
    }

    public int unacked() {
        return unacked;
    }

    public int consumers() {
        return consumers;
    }

    public long published() {
        return published;
    }

    public long delivered() {
        return delivered;
    }

    public long redelivered() {
        return redelivered;
    }

    public long acked() {
        return acked;
    }

    /** The tag of the consumer that has the queue to itself, or null. */
    public String exclusiveConsumerTag() {
        return exclusiveConsumerTag;
    }

    /** For a single-active-consumer queue, the tag of the consumer that receives (or will next), or null. */
    public String singleActiveConsumerTag() {
        return singleActiveConsumerTag;
    }

    public long readyBytes() {
        return readyBytes;
    }
}
