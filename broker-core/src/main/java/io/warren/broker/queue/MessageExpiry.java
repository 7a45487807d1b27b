package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.codec.types.BasicPropertiesCodec;

import java.util.Map;

/**
 * When a message expires in a classic queue, as RabbitMQ computes it: its arrival time plus the queue's
 * {@code x-message-ttl} or plus its own {@code expiration} property (milliseconds, as a string), whichever comes
 * first. Arrival is when the queue took it (for a message read back from the store, the record's timestamp, so an
 * expiry survives a restart). An expired message is dropped when it reaches the head of the queue, never once
 * delivered. The queue's TTL is the one in force when the message arrived: a policy may change it (queue loop
 * only), and a message keeps the expiry it arrived with, whether it waits in memory or in the segment files
 * (the last {@value #HISTORY} changes are remembered, since the broker started).
 */
final class MessageExpiry {
    static final long NEVER = Long.MAX_VALUE;
    private static final int HISTORY = 8;
    /** {@code sinceMs[i]}: when {@code ttls[i]} took over (the first since ever); {@code ttls[count - 1]} is now. */
    private final long[] sinceMs = new long[HISTORY];
    private final long[] ttls = new long[HISTORY];
    private int count;
    /** Whether some message was given an expiry: until then a change holds from the start (a restored queue). */
    private boolean used;

    private MessageExpiry(long queueTtl) {
        sinceMs[0] = Long.MIN_VALUE;
        ttls[0] = queueTtl;
        count = 1;
    }

    /** From the queue's arguments ({@code x-message-ttl}, validated at declare time). */
    static MessageExpiry of(Map<String, Object> arguments) {
        return new MessageExpiry(arguments.get("x-message-ttl") instanceof Number n ? n.longValue() : -1);
    }

    /** Takes the queue TTL of {@code other} for the messages arriving from {@code nowMs} on (a policy changed it). */
    void queueTtl(MessageExpiry other, long nowMs) {
        long ttl = other.ttls[other.count - 1];
        if (!used) {
            ttls[count - 1] = ttl;
            return;
        }
        if (ttl == ttls[count - 1]) {
            return;
        }
        if (count == HISTORY) { // forget the oldest change: the earliest messages take the next-oldest TTL
            System.arraycopy(sinceMs, 1, sinceMs, 0, HISTORY - 1);
            System.arraycopy(ttls, 1, ttls, 0, HISTORY - 1);
            sinceMs[0] = Long.MIN_VALUE;
            count--;
        }
        sinceMs[count] = nowMs;
        ttls[count] = ttl;
        count++;
    }

    /** Whether the queue has a TTL of its own now (then every message arriving expires). */
    boolean queueTtl() {
        return ttls[count - 1] >= 0;
    }

    /** The time (epoch ms) at which {@code m}, arrived at {@code arrivalMs}, expires, or {@link #NEVER}. */
    long expiresAt(Message m, long arrivalMs) {
        used = true;
        long queueTtl = ttlAt(arrivalMs);
        long at = queueTtl >= 0 ? arrivalMs + queueTtl : NEVER;
        String expiration = BasicPropertiesCodec.peekExpiration(m.properties());
        if (expiration != null) {
            long ttl = parse(expiration);
            if (ttl >= 0) {
                at = Math.min(at, arrivalMs + ttl);
            }
        }
        return at;
    }

    private long ttlAt(long arrivalMs) {
        int i = count - 1;
        while (arrivalMs < sinceMs[i]) {
            i--;  // sinceMs[0] is Long.MIN_VALUE: the loop ends there at the latest
        }
        return ttls[i];
    }

    /** The {@code expiration} property as milliseconds (checked at publish), or -1 if it is not a number. */
    static long parse(String expiration) {
        try {
            return Math.max(-1, Long.parseLong(expiration));
        } catch (NumberFormatException e) {
            return -1;  // a message stored before the check existed: it does not expire
        }
    }
}
