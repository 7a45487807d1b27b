package io.warren.broker.admin;

import java.util.Locale;

/** How "get messages" settles what it fetched, by RabbitMQ's names ({@code ackmode} of the HTTP API). */
public enum AckMode {
    /** Fetch, then put back (marked redelivered). */
    ACK_REQUEUE_TRUE,
    /** Fetch and remove. */
    ACK_REQUEUE_FALSE,
    /** Fetch, then reject with requeue. */
    REJECT_REQUEUE_TRUE,
    /** Fetch, then reject without requeue (the message is dropped). */
    REJECT_REQUEUE_FALSE;

    /** Parses {@code ack_requeue_true} etc.; throws {@link AdminException} on anything else. */
    public static AckMode parse(String s) {
        for (AckMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(s)) {
                return m;
            }
        }
        throw AdminException.badRequest("unknown ackmode '%s' (expected: ack_requeue_true, ack_requeue_false, "
                + "reject_requeue_true or reject_requeue_false)", s);
    }

    boolean requeue() {
        return this == ACK_REQUEUE_TRUE || this == REJECT_REQUEUE_TRUE;
    }
}
