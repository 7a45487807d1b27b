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
     * The largest body this target takes in a delivery its queue encoded whole ({@link QueueEntry#takeEncoded});
     * 0 when it takes none. Safe from any thread.
     */
    default int maxEncodedBody() {
        return 0;
    }

    /** The channel number an encoded delivery carries. Safe from any thread. */
    default int channelNumber() {
        return 0;
    }

    /** A name for logs and management: connection name and channel number. */
    String describe();
}
