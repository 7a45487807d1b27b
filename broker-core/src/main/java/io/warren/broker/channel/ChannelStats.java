package io.warren.broker.channel;

/**
 * Message counters of one channel, RabbitMQ's per-channel {@code message_stats}: basic.publish received,
 * publisher confirms sent, deliveries (basic.deliver and basic.get-ok, and of those the redelivered), and
 * acknowledged deliveries. Never reset.
 *
 * <p>Confinement: written and read on the channel's event loop only. Management reads them through a task
 * posted to that loop (as it reads the channel table), so they are plain fields: the message path pays one
 * increment, with no atomic and no fence.
 */
public final class ChannelStats {
    long published;
    long confirmed;
    long delivered;
    long got;
    long redelivered;
    long acked;

    public long published() {
        return published;
    }

    public long confirmed() {
        return confirmed;
    }

    /** basic.deliver written to consumers. */
    public long delivered() {
        return delivered;
    }

    /** basic.get-ok sent. */
    public long got() {
        return got;
    }

    public long redelivered() {
        return redelivered;
    }

    public long acked() {
        return acked;
    }
}
