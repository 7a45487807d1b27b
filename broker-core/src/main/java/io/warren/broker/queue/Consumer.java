package io.warren.broker.queue;

import java.util.Map;

/**
 * A subscription of one channel to one queue (basic.consume).
 *
 * <p>Immutable but for the credits. {@code prefetch} limits unacknowledged deliveries per consumer
 * (basic.qos global=false), {@code channelPrefetch} those of the whole channel (global=true); both are released
 * by the channel on ack. {@code transit} bounds deliveries handed to the channel but not yet written, so a
 * no-ack consumer on a slow socket cannot pile messages up in the event loop's task queue.
 */
public final class Consumer {
    /** Deliveries queued for the channel's event loop but not yet written, per consumer. */
    static final int TRANSIT_LIMIT = 512;

    private final String tag;
    private final DeliveryTarget target;
    private final boolean noAck;
    private final boolean exclusive;
    private final Credit prefetch;
    private final Credit channelPrefetch;
    private final Credit transit = new Credit(TRANSIT_LIMIT);
    private final Map<String, Object> arguments;
    private final Queue queue;
    /** What basic.qos asked for, before no-ack replaced the credits (streams refuse a consumer without one). */
    private final int requestedPrefetch;
    private final int requestedChannelPrefetch;
    /** Registered on a single-active-consumer queue but not the active one (written by the queue's loop). */
    private volatile boolean waiting;

    public Consumer(String tag, DeliveryTarget target, boolean noAck, boolean exclusive, Credit prefetch,
                    Credit channelPrefetch, Map<String, Object> arguments, Queue queue) {
        this.tag = tag;
        this.target = target;
        this.noAck = noAck;
        this.exclusive = exclusive;
        this.requestedPrefetch = prefetch.limit();
        this.requestedChannelPrefetch = channelPrefetch.limit();
        // RabbitMQ ignores prefetch for no-ack consumers: nothing is ever acknowledged to release it.
        this.prefetch = noAck ? Credit.UNLIMITED : prefetch;
        this.channelPrefetch = noAck ? Credit.UNLIMITED : channelPrefetch;
        this.arguments = arguments;
        this.queue = queue;
    }

    public String tag() {
        return tag;
    }

    public DeliveryTarget target() {
        return target;
    }

    public boolean noAck() {
        return noAck;
    }

    public boolean exclusive() {
        return exclusive;
    }

    /** The basic.qos global=false prefetch count the consumer was created with (0 = none). */
    public int requestedPrefetch() {
        return requestedPrefetch;
    }

    /** The channel's basic.qos global=true prefetch count when the consumer was created (0 = none). */
    public int requestedChannelPrefetch() {
        return requestedChannelPrefetch;
    }

    public Credit prefetch() {
        return prefetch;
    }

    public Credit channelPrefetch() {
        return channelPrefetch;
    }

    public Credit transit() {
        return transit;
    }

    /** True while the queue has another consumer active ({@code x-single-active-consumer}). Any thread. */
    public boolean waiting() {
        return waiting;
    }

    void setWaiting(boolean waiting) {
        this.waiting = waiting;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }

    public Queue queue() {
        return queue;
    }

    /** Gives back the units {@link #tryAcquire} took (the delivery did not happen). Queue loop only. */
    void releaseAcquired() {
        transit.release(1);
        prefetch.release(1);
        channelPrefetch.release(1);
    }

    /** Takes one unit of each credit, or none. Queue loop only. */
    boolean tryAcquire() {
        if (!transit.tryAcquire()) {
            return false;
        }
        if (!prefetch.tryAcquire()) {
            transit.release(1);
            return false;
        }
        if (!channelPrefetch.tryAcquire()) {
            prefetch.release(1);
            transit.release(1);
            return false;
        }
        return true;
    }
}
