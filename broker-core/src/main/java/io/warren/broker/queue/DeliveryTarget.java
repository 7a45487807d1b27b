package io.warren.broker.queue;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * What a queue sees of a consuming channel. Implemented by the AMQP channel, so queues never see the wire.
 *
 * <p>Queues call {@link #isWritable()} from their own loop and hand work over through {@link #executor()};
 * every other method runs on that executor.
 */
public interface DeliveryTarget {
    /** The channel's event loop. */
    Executor executor();

    /** False while the socket's outbound buffer is above its high water mark. Safe from any thread. */
    boolean isWritable();

    /** Writes a batch of deliveries for consumers of this channel. Runs on {@link #executor()}. */
    void deliver(List<QueueEntry> batch);

    /** The queue cancelled the consumer (the queue was deleted). Runs on {@link #executor()}. */
    void consumerCancelledByQueue(Consumer consumer);

    /**
     * How this target takes deliveries its queue encodes whole ({@link QueueEntry#frames()}), or null when it
     * takes none (every delivery then carries its message). Safe from any thread.
     */
    default DeliveryEncoding encoding() {
        return null;
    }

    /** A name for logs and management: connection name and channel number. */
    String describe();
}
