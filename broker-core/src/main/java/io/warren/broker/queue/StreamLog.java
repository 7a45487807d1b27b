package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.store.log.LogConfig;
import io.warren.store.log.LogReader;
import io.warren.store.log.RetentionPolicy;
import io.warren.store.log.SegmentedLog;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The log of one stream: appends (records laid out by {@link MessageRecords}, flag bit 0 = persistent,
 * timestamp = append time), where each {@code x-stream-offset} form starts, retention and syncs. RabbitMQ's
 * "last" is the start of the last chunk, the batch of records written together; here a chunk is one enqueue
 * batch (the publishes of one socket read routed to the stream), and after a restart the last record.
 *
 * <p>Confinement: the stream's queue loop, except {@link SegmentedLog#flush()} on the sync thread.
 */
final class StreamLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StreamLog.class);
    private final SegmentedLog log;
    private final QueueStorage storage;
    private RetentionPolicy retention;
    private long lastChunkStart;

    private StreamLog(SegmentedLog log, StreamArguments.Config config, QueueStorage storage) {
        this.log = log;
        this.retention = config.retention();
        this.storage = storage;
        this.lastChunkStart = Math.max(log.firstOffset(), log.nextOffset() - 1);
    }

    /** Opens (or creates, or recovers) the stream's log in its durable queue directory. */
    static StreamLog open(String vhost, String name, StreamArguments.Config config, QueueStorage storage) {
        LogConfig lc = LogConfig.stream().withSegmentBytes(config.segmentBytes())
                .withMaxRecordBytes(storage.logConfig().maxRecordBytes());
        SegmentedLog log = SegmentedLog.open(storage.directory(vhost, name, true), lc, storage.clock());
        StreamLog s = new StreamLog(log, config, storage);
        s.enforceRetention();
        return s;
    }

    SegmentedLog segments() {
        return log;
    }

    /**
     * Appends the batch with one write per segment ({@link SegmentedLog#appendAll}) and releases every message
     * (the caller's references). Runs retention after a roll.
     *
     * @return the number of records appended: all of them
     * @throws RuntimeException if the log refused or failed the write; records before the failure may be in
     */
    int append(List<Message> messages) {
        int segmentCount = log.segmentCount();
        int n = messages.size();
        byte[] flags = new byte[n];
        ByteBuffer[][] records = new ByteBuffer[n][];
        long first = log.nextOffset();
        try {
            for (int i = 0; i < n; i++) {
                Message m = messages.get(i);
                flags[i] = m.persistent() ? (byte) 1 : 0;
                records[i] = MessageRecords.encode(m);
            }
            log.appendAll(flags, records, n);
        } finally {
            messages.forEach(Message::release);
            if (log.nextOffset() != first) {
                lastChunkStart = first;
            }
            if (log.segmentCount() != segmentCount) {
                enforceRetention();
            }
        }
        return n;
    }

    /** The offset a consumer starting at {@code spec} reads first. */
    long position(StreamOffset spec) {
        long first = log.firstOffset();
        long next = log.nextOffset();
        return switch (spec.kind()) {
            case FIRST -> first;
            case NEXT -> next;
            case LAST -> first == next ? next : Math.max(first, Math.min(lastChunkStart, next - 1));
            case OFFSET -> Math.max(first, Math.min(spec.value(), next));
            case TIMESTAMP -> log.offsetForTimestamp(spec.value());
        };
    }

    LogReader newReader(long offset) {
        return log.newReader(offset);
    }

    /** Messages kept: offsets first..next-1. */
    int messageCount() {
        return (int) Math.min(Integer.MAX_VALUE, log.nextOffset() - log.firstOffset());
    }

    long sizeBytes() {
        return log.sizeBytes();
    }

    /** A policy changed the retention: it applies from the next {@link #enforceRetention}. */
    void retention(RetentionPolicy next) {
        this.retention = next;
    }

    /** Deletes whole segments from the oldest end while x-max-length-bytes or x-max-age is exceeded. */
    int enforceRetention() {
        try {
            return retention.isUnlimited() ? 0 : log.enforceRetention(retention);
        } catch (RuntimeException e) {
            LOG.warn("retention of {} failed (tried again later): {}", log.directory(), e.toString());
            return 0;
        }
    }

    /**
     * The {@code onSafe} contract of {@link Queue#enqueue}: a failure is reported at once; otherwise, when records
     * were appended ({@code log} not null) and someone waits, after the fsync that covers them; with nobody
     * waiting, the records are synced within the background interval.
     */
    static void whenSafe(StreamLog log, RuntimeException failure, java.util.function.Consumer<Throwable> onSafe) {
        if (onSafe == null) {
            if (log != null) {
                log.storage.sync().markDirty(log.log);
            }
        } else if (failure != null) {
            onSafe.accept(failure);
        } else if (log == null) {
            onSafe.accept(null);
        } else {
            log.sync().whenComplete((v, e) -> onSafe.accept(e));
        }
    }

    /** Completes after the fsync covering everything appended so far. */
    CompletableFuture<Void> sync() {
        return storage.sync().requestSync(log);
    }

    void close() {
        log.close();
    }

    void delete() {
        log.delete();
    }
}
