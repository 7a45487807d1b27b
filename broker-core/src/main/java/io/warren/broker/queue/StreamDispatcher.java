package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.warren.store.log.SegmentedLog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The consumers of one stream and their deliveries: round-robin over the active consumers, a run of up to
 * {@link #RUN} records each per pass, while a consumer has credit, a writable socket and records left to read.
 * Each delivery is encoded here, from the consumer's own reader, as the frames its channel writes
 * ({@link MessageRecords#encodeDelivery}; a run's deliveries share buffers), or rebuilt as a message when it
 * cannot be ({@link MessageRecords#decodeForStream}); deliveries go to each channel in one batch per drain,
 * through the same path as a classic queue's. A drain yields after {@link #DRAIN_BUDGET}
 * deliveries so other queues on the loop get their turn.
 *
 * <p>Confinement: the stream's queue loop.
 */
final class StreamDispatcher {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StreamDispatcher.class);
    static final int DRAIN_BUDGET = 1024;
    /** At most this many deliveries to one consumer before the next consumer's turn. */
    static final int RUN = 128;
    /** The size of the buffers a run's deliveries are encoded into. */
    static final int FRAMES_BUFFER = 16 * 1024;

    private final StreamQueue queue;
    private final EventLoop loop;
    private final ByteBufAllocator alloc;
    private final QueueStats stats;
    /** Called when a consumer's reads fail: the queue removes it (and hands its group over). */
    private final BiConsumer<StreamConsumer, RuntimeException> onReadFailure;
    private final List<StreamConsumer> consumers = new ArrayList<>();
    private final Map<Consumer, StreamConsumer> byConsumer = new IdentityHashMap<>();
    private final List<DeliveryTarget> batchTargets = new ArrayList<>();
    private final List<List<QueueEntry>> batches = new ArrayList<>();
    private final Runnable drainTask = this::drain;
    private SegmentedLog segments;
    private int roundRobin;
    private boolean drainScheduled;
    private boolean stopped;

    StreamDispatcher(StreamQueue queue, EventLoop loop, ByteBufAllocator alloc, QueueStats stats,
                     BiConsumer<StreamConsumer, RuntimeException> onReadFailure) {
        this.queue = queue;
        this.loop = loop;
        this.alloc = alloc;
        this.stats = stats;
        this.onReadFailure = onReadFailure;
    }

    /** The log once it is open; nothing is delivered before. */
    void log(SegmentedLog log) {
        this.segments = log;
    }

    void add(StreamConsumer sc) {
        consumers.add(sc);
        byConsumer.put(sc.consumer, sc);
    }

    StreamConsumer get(Consumer c) {
        return c == null ? null : byConsumer.get(c);
    }

    StreamConsumer remove(Consumer c) {
        StreamConsumer sc = byConsumer.remove(c);
        if (sc != null) {
            consumers.remove(sc);
        }
        return sc;
    }

    int size() {
        return consumers.size();
    }

    /** The stream is deleted: every consumer is told, nothing more is delivered. */
    void cancelAll() {
        stopped = true;
        for (StreamConsumer sc : consumers) {
            DeliveryTarget t = sc.consumer.target();
            t.executor().execute(() -> t.consumerCancelledByQueue(sc.consumer));
        }
        consumers.clear();
        byConsumer.clear();
    }

    /** Broker shutdown: forget the consumers without telling them (their connections are gone). */
    void stop() {
        stopped = true;
        consumers.clear();
        byConsumer.clear();
    }

    /** Schedules a drain when an active consumer has records left to read. */
    void drainSoon() {
        if (!drainScheduled && !stopped && hasWork()) {
            drainScheduled = true;
            loop.execute(drainTask);
        }
    }

    private boolean hasWork() {
        long end = segments == null ? 0 : segments.nextOffset();
        for (int i = 0; i < consumers.size(); i++) {
            StreamConsumer sc = consumers.get(i);
            if (sc.active && sc.reader.nextOffset() < end) {
                return true;
            }
        }
        return false;
    }

    private void drain() {
        drainScheduled = false;
        if (stopped) {
            return;
        }
        long end = segments.nextOffset();
        int budget = DRAIN_BUDGET;
        boolean progress = true;
        while (budget > 0 && progress) {
            progress = false;
            for (int k = 0; k < consumers.size() && budget > 0; k++) { // a failing consumer may leave meanwhile
                StreamConsumer sc = consumers.get((roundRobin + k) % consumers.size());
                if (sc.active && sc.reader.nextOffset() < end) {
                    int n = deliverRun(sc, Math.min(budget, RUN));
                    budget -= n;
                    progress |= n > 0;
                }
            }
            roundRobin = consumers.isEmpty() ? 0 : (roundRobin + 1) % consumers.size();
        }
        for (int i = 0; i < batchTargets.size(); i++) {
            // Posted even when the channel shares this loop: a consume-ok the channel posted after this drain was
            // scheduled must reach the client before the consumer's first delivery.
            DeliveryTarget t = batchTargets.get(i);
            List<QueueEntry> batch = batches.get(i);
            t.executor().execute(() -> t.deliver(batch));
        }
        batchTargets.clear();
        batches.clear();
        if (budget == 0) {
            drainSoon();
        }
    }

    /**
     * Delivers up to {@code max} records to one consumer, while it has credit, a writable socket and records left;
     * returns how many. The deliveries of one run are encoded one after the other into shared buffers of about
     * {@link #FRAMES_BUFFER} bytes, so the channel writes them with one write per buffer.
     */
    private int deliverRun(StreamConsumer sc, int max) {
        Consumer c = sc.consumer;
        List<QueueEntry> batch = null;
        ByteBuf frames = null;
        int n = 0;
        while (n < max && c.target().isWritable() && c.tryAcquire()) {
            QueueEntry e;
            try {
                if (!sc.reader.next()) {
                    c.releaseAcquired();
                    break;
                }
                long offset = sc.reader.offset();
                ByteBuffer payload = sc.reader.payload();
                DeliveryEncoding encoding = c.target().encoding();
                boolean owner = false;
                int tagIndex = -1;
                if (encoding != null) {
                    byte[] tag = sc.tagBytes();
                    if (frames == null || frames.writableBytes() < MessageRecords.encodedSizeBound(payload,
                            tag.length)) {
                        frames = alloc.ioBuffer(FRAMES_BUFFER);
                        owner = true;
                    }
                    tagIndex = MessageRecords.encodeDelivery(payload, offset, encoding, tag, frames);
                }
                if (tagIndex >= 0) {
                    e = new QueueEntry(queue, offset, frames, tagIndex, owner);
                } else {
                    if (owner) {
                        frames.release();                   // still empty
                    }
                    frames = null;  // what follows goes in a new buffer, written after this message
                    e = new QueueEntry(queue, offset,
                            MessageRecords.decodeForStream(payload, offset, (sc.reader.flags() & 1) != 0, alloc));
                }
            } catch (RuntimeException failure) {
                c.releaseAcquired();
                if (frames != null && frames.writerIndex() == 0) {
                    frames.release();                       // allocated for this record, owned by nobody
                }
                log.error("{}: cannot read for {}; cancelling it", queue, sc, failure);
                remove(c);
                onReadFailure.accept(sc, failure);
                c.target().executor().execute(() -> c.target().consumerCancelledByQueue(c));
                break;
            }
            e.consumer = c;
            if (sc.window != null) {
                sc.window.delivered(e.seq);
            }
            if (batch == null) {
                batch = batchFor(c.target());
            }
            batch.add(e);
            n++;
        }
        stats.delivered += n;
        return n;
    }

    private List<QueueEntry> batchFor(DeliveryTarget target) {
        for (int i = 0; i < batchTargets.size(); i++) {
            if (batchTargets.get(i) == target) {
                return batches.get(i);
            }
        }
        List<QueueEntry> batch = new ArrayList<>();
        batchTargets.add(target);
        batches.add(batch);
        return batch;
    }
}
