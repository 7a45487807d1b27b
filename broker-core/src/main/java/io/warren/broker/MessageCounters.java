package io.warren.broker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Monotonic message counters, RabbitMQ's {@code rabbit_global_counters} for AMQP 0-9-1: one instance per
 * connection, and a broker-wide sum of them ({@link io.warren.broker.connection.ConnectionRegistry#totals}). Read
 * by management (rates, Prometheus), never reset.
 *
 * <p>Thread-safety: every {@link Counter} has a single writer, the connection's event loop (or a caller that
 * serialises its writes), so an increment is a plain add and an opaque store: no atomic instruction and no shared
 * cache line on the message path. Readers on other threads see a recent value, never a torn one.
 */
public final class MessageCounters {
    /** basic.publish received. */
    public final Counter received = new Counter();
    /** Messages that reached at least one queue. */
    public final Counter routed = new Counter();
    /** Unroutable, published without mandatory: dropped. */
    public final Counter unroutableDropped = new Counter();
    /** Unroutable, published with mandatory: returned. */
    public final Counter unroutableReturned = new Counter();
    /** Publisher confirms (basic.ack) issued. */
    public final Counter confirmed = new Counter();
    /** basic.deliver written to consumers. */
    public final Counter delivered = new Counter();
    /** basic.get-ok sent. */
    public final Counter deliveredGet = new Counter();
    /** basic.get that found the queue empty. */
    public final Counter getEmpty = new Counter();
    /** Deliveries with the redelivered flag set. */
    public final Counter redelivered = new Counter();
    /** Deliveries acknowledged by clients. */
    public final Counter acknowledged = new Counter();

    /** Adds every counter of {@code other} to this one (this instance's writer calls it). */
    public void addAll(MessageCounters other) {
        received.add(other.received.sum());
        routed.add(other.routed.sum());
        unroutableDropped.add(other.unroutableDropped.sum());
        unroutableReturned.add(other.unroutableReturned.sum());
        confirmed.add(other.confirmed.sum());
        delivered.add(other.delivered.sum());
        deliveredGet.add(other.deliveredGet.sum());
        getEmpty.add(other.getEmpty.sum());
        redelivered.add(other.redelivered.sum());
        acknowledged.add(other.acknowledged.sum());
    }

    /** A counter with one writing thread at a time. */
    public static final class Counter {
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private long value;

        public void add(long n) {
            VALUE.setOpaque(this, value + n);
        }

        public void increment() {
            add(1);
        }

        /** The current value, from any thread. */
        public long sum() {
            return (long) VALUE.getOpaque(this);
        }
    }
}
