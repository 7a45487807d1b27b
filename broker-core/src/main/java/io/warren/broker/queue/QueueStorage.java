package io.warren.broker.queue;

import io.netty.buffer.ByteBufAllocator;
import io.warren.store.DataLayout;
import io.warren.store.log.LogConfig;
import io.warren.store.sync.SyncScheduler;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What queues need to keep messages on disk: the data directory, the group-commit scheduler, the segment
 * configuration and an allocator for messages read back. Shared by every queue; immutable.
 *
 * @param dataDir   durable queues live under {@code <dataDir>/vhosts/...}, non-durable ones under
 *                  {@code <dataDir>/transient/...}, which is wiped at start
 * @param sync      fsyncs stores and completes the futures publisher confirms wait on
 * @param logConfig segment size and record limits for classic queues
 */
public record QueueStorage(Path dataDir, SyncScheduler sync, LogConfig logConfig, ByteBufAllocator alloc,
                           Clock clock) {

    Path directory(String vhost, String queue, boolean durable) {
        return durable ? DataLayout.queueDirectory(dataDir, vhost, queue)
                : DataLayout.transientQueueDirectory(dataDir, vhost, queue);
    }
}
