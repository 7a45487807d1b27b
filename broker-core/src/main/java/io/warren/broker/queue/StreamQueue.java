package io.warren.broker.queue;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.broker.message.Message;
import io.warren.codec.AmqpException;
import io.warren.store.log.SegmentedLog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stream (RabbitMQ's {@code x-queue-type=stream} over AMQP 0-9-1): an append-only {@link SegmentedLog} under
 * the queue's durable directory. Publishing appends (confirmed after the fsync that covers it); consuming reads,
 * each consumer with its own {@link io.warren.store.log.LogReader} at its own speed, and removes nothing: an ack
 * only returns credit, a requeue only drops the delivery's copy. Each delivery is encoded from its record with
 * the header {@code x-stream-offset} ({@link StreamDispatcher}); the page cache does the caching, so a replay
 * costs no heap per stored message. A consumer that reaches the end waits for the next append. Retention drops
 * whole segments from the oldest end by size and age ({@code x-max-length-bytes}, {@code x-max-age}) after a roll
 * and every 10 s. Consumers with {@code x-consumer-group} get server-side offsets ({@link ConsumerGroups}).
 *
 * <p>Confinement: all state below the constructor's fields is owned by {@link #loop}; public methods post to it.
 * {@link #streamStats()} is readable from any thread.
 */
public final class StreamQueue implements Queue {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StreamQueue.class);
    private static final long TICK_MS = 200;
    /** Retention runs every this many ticks (10 s) besides after each segment roll. */
    private static final int RETENTION_TICKS = 50;

    private final String vhost;
    private final String name;
    private final Map<String, Object> arguments;
    private final EventLoop loop;
    private final QueueStorage storage;
    /** The segment size set when the log opened and the retention in force (a policy may change it). */
    private StreamArguments.Config config;
    private final QueueStats stats = new QueueStats();
    private final StreamStats streamStats = new StreamStats();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    private final ConsumerGroups groups;
    private final StreamDispatcher dispatcher;
    private StreamLog segments;
    private RuntimeException openFailure;
    private ScheduledFuture<?> ticker;
    private long joined;
    private int ticks;
    private boolean deleted;

    /** A stream with no policy: it runs with its declared arguments. */
    public StreamQueue(String vhost, String name, Map<String, Object> arguments, EventLoop loop,
                       QueueStorage storage, GroupOffsetStore offsetStore, Map<String, Long> storedGroups) {
        this(vhost, name, arguments, arguments, loop, storage, offsetStore, storedGroups);
    }

    /**
     * @param effective    the declared arguments combined with the policy in force, which sets the segment size the
     *                     log opens with (as in RabbitMQ, a later policy change of the size applies at the next
     *                     start)
     * @param storedGroups the committed offsets of the stream's consumer groups (restored at start)
     */
    public StreamQueue(String vhost, String name, Map<String, Object> arguments, Map<String, Object> effective,
                       EventLoop loop, QueueStorage storage, GroupOffsetStore offsetStore,
                       Map<String, Long> storedGroups) {
        this.vhost = vhost;
        this.name = name;
        this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        this.loop = loop;
        this.storage = storage;
        this.config = StreamArguments.config(name, vhost, effective);
        this.groups = new ConsumerGroups(storedGroups, offsetStore, vhost, name);
        this.dispatcher = new StreamDispatcher(this, loop, storage.alloc(), stats, (sc, e) -> leave(sc));
        loop.execute(this::open);
    }

    private void open() {
        try {
            segments = StreamLog.open(vhost, name, config, storage);
            dispatcher.log(segments.segments());
            ticker = loop.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
            publishStreamStats();
            opened.complete(null);
        } catch (RuntimeException e) {
            log.error("{}: cannot open the stream's log", this, e);
            openFailure = e;
            opened.completeExceptionally(e);
        }
    }

    /** Waits until the log is open (restoring at start, before anyone uses the stream). */
    public void awaitOpen() {
        opened.join();
    }

    @Override
    public String vhost() {
        return vhost;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public boolean exclusive() {
        return false;
    }

    @Override
    public boolean autoDelete() {
        return false;
    }

    @Override
    public Map<String, Object> arguments() {
        return arguments;
    }

    /**
     * A policy changed the retention ({@code max-length-bytes}, {@code max-age}): it applies at once, as in
     * RabbitMQ. A changed segment size waits for the next start: the open log keeps the size it opened with.
     */
    @Override
    public void reconfigure(Map<String, Object> effective) {
        StreamArguments.Config next;
        try {
            next = StreamArguments.config(name, vhost, effective);
        } catch (AmqpException e) {
            log.warn("{}: policy not applied: {}", this, e.getMessage());
            return;
        }
        loop.execute(() -> {
            config = new StreamArguments.Config(config.segmentBytes(), next.retention());
            if (!deleted && segments != null) {
                segments.retention(next.retention());
                segments.enforceRetention();
                publishStreamStats();
            }
        });
    }

    @Override
    public Object exclusiveOwner() {
        return null;
    }

    @Override
    public QueueStats stats() {
        return stats;
    }

    /** Offsets, size, segments and group offsets, for management. Safe from any thread. */
    public StreamStats streamStats() {
        return streamStats;
    }

    @Override
    public String toString() {
        return "queue '" + name + "' in vhost '" + vhost + "'";
    }

    // ---- publishing ----

    @Override
    public void enqueue(List<Message> messages, Runnable onEnqueued, java.util.function.Consumer<Throwable> onSafe) {
        loop.execute(() -> {
            RuntimeException failure = deleted ? null : openFailure;
            boolean appended = false;
            if (deleted || segments == null) {
                messages.forEach(Message::release);
            } else {
                try {
                    appended = segments.append(messages) > 0;
                } catch (RuntimeException e) {
                    failure = e;
                    appended = true; // perhaps some: sync and deliver what is there
                }
                stats.published += messages.size();
                dispatcher.drainSoon();
            }
            if (onEnqueued != null) {
                onEnqueued.run();
            }
            if (failure != null) {
                log.error("{}: cannot append messages", this, failure);
            }
            StreamLog.whenSafe(appended ? segments : null, failure, onSafe);
            publishStats();
        });
    }

    // ---- settling: nothing leaves the stream ----

    @Override
    public void ack(List<QueueEntry> entries) {
        loop.execute(() -> {
            boolean flush = false;
            for (QueueEntry e : entries) {
                e.releaseContent();
                StreamConsumer sc = deleted ? null : dispatcher.get(e.consumer);
                if (sc != null && sc.group != null) {
                    flush |= groups.acked(sc, e.seq);
                }
            }
            stats.acked += entries.size();
            if (flush) {
                groups.flush();
            }
        });
    }

    @Override
    public void requeue(List<QueueEntry> entries) {
        loop.execute(() -> {
            for (QueueEntry e : entries) {
                e.releaseContent();
                StreamConsumer sc = deleted ? null : dispatcher.get(e.consumer);
                if (sc != null && sc.window != null) {
                    sc.window.returned(e.seq); // the group will resume before it
                }
            }
        });
    }

    // ---- consumers ----

    @Override
    public CompletableFuture<Void> addConsumer(Consumer consumer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                if (deleted || openFailure != null) {
                    throw deleted ? AmqpException.notFound("no %s", this)
                            : AmqpException.internalError("%s cannot be read: %s", this, openFailure.getMessage());
                }
                StreamConsumer sc = StreamConsumer.accept(consumer, this, storage.clock().millis(), joined++);
                dispatcher.add(sc);
                boolean active = sc.group == null || groups.join(sc);
                publishStats();
                done.complete(null); // consume-ok must reach the channel before any delivery
                if (active) {
                    activate(sc);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Positions the consumer's reader and lets it receive: after its group's committed offset, if any. */
    private void activate(StreamConsumer sc) {
        sc.active = true;
        long start;
        if (sc.group != null) {
            long committed = groups.committed(sc.group);
            start = committed >= 0 ? committed + 1 : segments.position(sc.start);
            sc.window = new AckWindow(start - 1);
        } else {
            start = segments.position(sc.start);
        }
        sc.reader = segments.newReader(start);
        dispatcher.drainSoon();
    }

    @Override
    public void removeConsumer(Consumer consumer) {
        loop.execute(() -> {
            StreamConsumer sc = dispatcher.remove(consumer);
            if (sc == null) {
                return;
            }
            leave(sc);
            publishStats();
        });
    }

    private void leave(StreamConsumer sc) {
        boolean wasActive = sc.active;
        sc.active = false;
        sc.reader = null;
        if (sc.group != null) {
            StreamConsumer next = groups.leave(sc);
            if (wasActive) {
                groups.flush(); // the handover point is stored before anyone resumes
            }
            if (next != null && !deleted) {
                activate(next);
            }
        }
    }

    /** Forgets a consumer group's committed offset; completes with false while the group has consumers. */
    public CompletableFuture<Boolean> resetGroup(String group) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.execute(() -> {
            boolean reset = !deleted && groups.reset(group);
            publishStreamStats();
            done.complete(reset);
        });
        return done;
    }

    @Override
    public CompletableFuture<GetResult> get(boolean noAck) {
        return CompletableFuture.failedFuture(
                AmqpException.notImplemented("basic.get not supported by stream queues %s", this));
    }

    @Override
    public CompletableFuture<Integer> purge() {
        return CompletableFuture.failedFuture(
                AmqpException.notImplemented("queue.purge not supported by stream queues %s", this));
    }

    /** RabbitMQ ignores if-unused and if-empty for streams and reports 0 messages deleted. */
    @Override
    public CompletableFuture<Integer> delete(boolean ifUnused, boolean ifEmpty) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (!deleted) {
                deleted = true;
                stopTicker();
                dispatcher.cancelAll();
                if (segments != null) {
                    segments.delete();
                }
                publishStats();
            }
            done.complete(0);
        });
        return done;
    }

    @Override
    public void kick() {
        loop.execute(dispatcher::drainSoon);
    }

    @Override
    public boolean underPressure() {
        return false; // appends never build a backlog in memory
    }

    @Override
    public void whenRelieved(Runnable action) {
        loop.execute(action);
    }

    @Override
    public CompletableFuture<Counts> counts() {
        CompletableFuture<Counts> done = new CompletableFuture<>();
        loop.execute(() -> done.complete(new Counts(messageCount(), dispatcher.size())));
        return done;
    }

    @Override
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> StreamLog.whenSafe(segments == null || deleted ? null : segments, null, e -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        }));
        return done;
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (!deleted) {
                deleted = true;
                stopTicker();
                groups.flush();
                dispatcher.stop();
                if (segments != null) {
                    segments.close();
                }
            }
            done.complete(null);
        });
        return done;
    }

    // ---- loop-confined internals ----

    private void tick() {
        if (deleted) {
            return;
        }
        groups.flush();
        if (++ticks % RETENTION_TICKS == 0) {
            segments.enforceRetention();
        }
        publishStreamStats();
    }

    private void stopTicker() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }
    private int messageCount() {
        return segments == null ? 0 : segments.messageCount();
    }

    private void publishStats() {
        stats.ready = messageCount();
        stats.consumers = dispatcher.size();
        if (segments != null && !deleted) {
            stats.readyBytes = segments.sizeBytes();
        }
    }

    /** The management snapshot: every 200 ms and after changes nobody polls for (one object, not per message). */
    private void publishStreamStats() {
        publishStats();
        if (segments != null && !deleted) {
            SegmentedLog l = segments.segments();
            streamStats.update(l.firstOffset(), l.nextOffset(), l.sizeBytes(), l.segmentCount(), groups.snapshot());
        }
    }
}
