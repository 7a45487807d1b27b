package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.codec.types.BasicPropertiesCodec;

import java.util.Map;

/**
 * When a message expires in a classic queue, as RabbitMQ computes it: its arrival time plus the queue's
 * {@code x-message-ttl} or plus its own {@code expiration} property (milliseconds, as a string), whichever comes
 * first. Arrival is when the queue took it (for a message read back from the store, the record's timestamp, so an
 * expiry survives a restart). An expired message is dropped when it reaches the head of the queue, never once
 * delivered. Stateless apart from the queue's TTL, which a policy may change (queue loop only): messages already
 * in memory keep the expiry they were given.
 */
final class MessageExpiry {
    static final long NEVER = Long.MAX_VALUE;
    private long queueTtl;

    private MessageExpiry(long queueTtl) {
        this.queueTtl = queueTtl;
    }

    /** From the queue's arguments ({@code x-message-ttl}, validated at declare time). */
    static MessageExpiry of(Map<String, Object> arguments) {
        return new MessageExpiry(arguments.get("x-message-ttl") instanceof Number n ? n.longValue() : -1);
    }

    /** Takes the queue TTL of {@code other} (a policy changed it). */
    void queueTtl(MessageExpiry other) {
        this.queueTtl = other.queueTtl;
    }

    /** Whether the queue has a TTL of its own (then every message in it expires). */
    boolean queueTtl() {
        return queueTtl >= 0;
    }

    /** The time (epoch ms) at which {@code m}, arrived at {@code arrivalMs}, expires, or {@link #NEVER}. */
    long expiresAt(Message m, long arrivalMs) {
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

    /** The {@code expiration} property as milliseconds (checked at publish), or -1 if it is not a number. */
    static long parse(String expiration) {
        try {
            return Math.max(-1, Long.parseLong(expiration));
        } catch (NumberFormatException e) {
            return -1;  // a message stored before the check existed: it does not expire
        }
    }
}
