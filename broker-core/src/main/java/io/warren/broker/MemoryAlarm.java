package io.warren.broker;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.connection.ConnectionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ's memory alarm: when the memory the broker uses (heap in use plus Netty's direct memory) passes
 * {@code vm_memory_high_watermark.relative} of what it may use (max heap plus max direct memory), every
 * publishing connection is blocked ({@code connection.blocked} for clients that support it, and its socket is no
 * longer read) until usage falls below the mark again. Consumers keep consuming, which is what frees memory.
 *
 * <p>Checked every {@value #CHECK_MILLIS} ms on one I/O thread; the check reads counters and never blocks.
 */
public final class MemoryAlarm {
    private static final Logger log = LoggerFactory.getLogger(MemoryAlarm.class);
    static final long CHECK_MILLIS = 250;
    static final String REASON = "low on memory";

    private final ConnectionRegistry connections;
    private final long capacity;
    private volatile double watermark;
    private volatile boolean active;
    private ScheduledFuture<?> task;

    MemoryAlarm(ConnectionRegistry connections, double watermark) {
        this.connections = connections;
        this.watermark = watermark;
        this.capacity = Runtime.getRuntime().maxMemory() + PlatformDependent.maxDirectMemory();
    }

    void start(EventExecutor executor) {
        task = executor.scheduleAtFixedRate(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    public boolean active() {
        return active;
    }

    public double watermark() {
        return watermark;
    }

    /** The limit in bytes. */
    public long limit() {
        return (long) (capacity * watermark);
    }

    /** Bytes in use as the alarm counts them. */
    public long used() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory() + PlatformDependent.usedDirectMemory();
    }

    /** Changes the watermark at run time (as {@code rabbitmqctl set_vm_memory_high_watermark}); applies at once. */
    public void setWatermark(double relative) {
        if (!(relative > 0 && relative <= 1)) {
            throw new IllegalArgumentException("vm_memory_high_watermark.relative: " + relative
                    + " (expected: > 0 and <= 1)");
        }
        watermark = relative;
        check();
    }

    private synchronized void check() {
        boolean over = used() > limit();
        if (over == active) {
            return;
        }
        active = over;
        if (over) {
            log.warn("memory alarm set: {} bytes used, limit {} bytes; publishers blocked", used(), limit());
        } else {
            log.info("memory alarm cleared: {} bytes used, limit {} bytes", used(), limit());
        }
        for (AmqpConnection c : connections.all()) {
            c.setAlarm(over, REASON);
        }
    }
}
