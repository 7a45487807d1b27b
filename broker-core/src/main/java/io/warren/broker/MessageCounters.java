package io.warren.broker;

import java.util.concurrent.atomic.LongAdder;

/**
 * Monotonic message counters, RabbitMQ's {@code rabbit_global_counters} for AMQP 0-9-1: one instance for the
 * whole broker and one per connection. Read by management (rates, Prometheus), never reset.
 *
 * <p>Thread-safety: {@link LongAdder}s, so the per-message cost on the hot path is one uncontended add per
 * counter and never a lock. A connection's instance is only written by its event loop.
 */
public final class MessageCounters {
    /** basic.publish received. */
    public final LongAdder received = new LongAdder();
    /** Messages that reached at least one queue. */
    public final LongAdder routed = new LongAdder();
    /** Unroutable, published without mandatory: dropped. */
    public final LongAdder unroutableDropped = new LongAdder();
    /** Unroutable, published with mandatory: returned. */
    public final LongAdder unroutableReturned = new LongAdder();
    /** Publisher confirms (basic.ack) issued. */
    public final LongAdder confirmed = new LongAdder();
    /** basic.deliver written to consumers. */
    public final LongAdder delivered = new LongAdder();
    /** basic.get-ok sent. */
    public final LongAdder deliveredGet = new LongAdder();
    /** basic.get that found the queue empty. */
    public final LongAdder getEmpty = new LongAdder();
    /** Deliveries with the redelivered flag set. */
    public final LongAdder redelivered = new LongAdder();
    /** Deliveries acknowledged by clients. */
    public final LongAdder acknowledged = new LongAdder();
}
