package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.store.queue.FileQueueStore;
import io.warren.store.queue.QueueStore;
import io.warren.store.queue.StoredPosition;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The ready messages of one classic queue, in order, with memory bounded by a window rather than by the queue's
 * length.
 *
 * <p>Three parts, served in this order: requeued deliveries (a small heap by sequence number, so each returns to
 * its original place); a deque of messages in memory (at most {@link #MEMORY_MESSAGES} or
 * {@link #MEMORY_BYTES}); and a backlog that lives only in the queue's segment files. Once the window is full,
 * every new message goes to the backlog (and is not kept in memory) until the backlog has been read back, so the
 * backlog is always the tail of the queue and the records from its first offset on, in log order. It is read
 * back a batch at a time through a store cursor; no per-message state stays on the heap for it.
 *
 * <p>Persistent messages of a durable queue are written to the store as they arrive, whether or not they also
 * stay in memory, so that a confirm can wait for their fsync. Everything else touches the disk only when paged
 * out. Confinement: the owning queue's loop.
 */
final class ReadyMessages implements ReadyQueue {
    static final int MEMORY_MESSAGES = 4096;
    static final long MEMORY_BYTES = 16L * 1024 * 1024;
    private static final int REFILL_BATCH = 512;

    private final ClassicQueue queue;
    private final QueueStorage storage;
    /** Where the store lives (created when first needed). */
    private final Path directory;
    private final boolean durable;
    /** The in-memory window. */
    private final int memoryMessages;
    private final long memoryLimit;
    /** The priority level this is of a priority queue (0 otherwise), stamped on its entries. */
    private final int level;
    private final MessageExpiry expiry;
    /** Some message that went through here had an expiry: heads are checked from then on. */
    private boolean mayExpire;
    private final PriorityQueue<QueueEntry> requeued = new PriorityQueue<>(Comparator.comparingLong(e -> e.seq));
    private final ArrayDeque<QueueEntry> memory = new ArrayDeque<>();
    private long memoryBytes;
    private QueueStore store;
    private QueueStore.Backlog backlog;
    private long backlogCount;
    private long backlogBytes;
    /** Recovered messages not read back yet, and which of them had been delivered before the restart. */
    private long recoveredLeft;
    private java.util.Map<Long, Integer> deliveredBeforeRestart;
    private long nextSeq;
    private boolean unsynced;

    ReadyMessages(ClassicQueue queue, QueueStorage storage, boolean durable, MessageExpiry expiry) {
        this(queue, storage, storage.directory(queue.vhost(), queue.name(), durable), durable, expiry,
                MEMORY_MESSAGES, MEMORY_BYTES, 0);
    }

    /** One priority level of a priority queue: its own directory, a share of the window. */
    ReadyMessages(ClassicQueue queue, QueueStorage storage, Path directory, boolean durable, MessageExpiry expiry,
                  int memoryMessages, long memoryLimit, int level) {
        this.queue = queue;
        this.storage = storage;
        this.directory = directory;
        this.memoryMessages = memoryMessages;
        this.memoryLimit = memoryLimit;
        this.level = level;
        this.durable = durable;
        this.expiry = expiry;
        this.mayExpire = expiry.queueTtl();
    }

    @Override
    public int count() {
        return (int) Math.min(Integer.MAX_VALUE, requeued.size() + memory.size() + backlogCount);
    }

    @Override
    public long bytes() {
        return memoryBytes + backlogBytes;
    }

    /** Bytes of ready messages held in memory. */
    long memoryBytes() {
        return memoryBytes;
    }

    /**
     * Adds a message at the tail; ownership of one reference passes here.
     *
     * @return true when it was written as a persistent record of a durable queue (a confirm must await a sync)
     * @throws io.warren.store.StoreIoException when the store cannot take it: the message then stays in memory
     *         only (or, with the memory window full, is dropped), and its publisher must not get a positive confirm
     */
    boolean add(Message m, long nowMs) {
        boolean persistent = keeps(m);
        long expiresAt = expiry.expiresAt(m, nowMs);
        mayExpire |= expiresAt != MessageExpiry.NEVER;
        if (backlogCount > 0 || memory.size() >= memoryMessages || memoryBytes >= memoryLimit) {
            try {
                StoredPosition p = append(m, persistent);
                if (backlogCount == 0) {
                    backlog = store().backlog(p.offset());
                }
                backlogCount++;
                backlogBytes += m.bodySize();
                unsynced |= persistent;
                return persistent;
            } finally {
                m.release();
            }
        }
        QueueEntry e = entry(m);
        e.expiresAt = expiresAt;
        memory.addLast(e);
        memoryBytes += m.bodySize();
        if (persistent) {
            e.position = append(m, true);
            unsynced = true;
        }
        return persistent;
    }

    private QueueEntry entry(Message m) {
        QueueEntry e = new QueueEntry(queue, nextSeq++, m);
        e.level = level;
        return e;
    }

    private StoredPosition append(Message m, boolean persistent) {
        return store().append(persistent ? QueueStore.FLAG_PERSISTENT : 0, MessageRecords.encode(m));
    }

    /**
     * Adds messages at the tail, in order, like {@link #add} each, but with one store append for all of them that
     * are written (a socket read's worth of publishes costs one system call, not one per message).
     *
     * @return true when any was written as a persistent record of a durable queue
     * @throws io.warren.store.StoreIoException as {@link #add}, after every message was placed: those the store
     *         did not take stay in memory only or, bound for the backlog, are dropped
     */
    @Override
    public boolean addAll(List<Message> messages, long nowMs) {
        int n = messages.size();
        if (n == 1) {
            return add(messages.get(0), nowMs);
        }
        // Indexed by record to write, allocated at the first one (a transient batch in memory writes nothing).
        byte[] flags = null;
        ByteBuffer[][] records = null;
        Message[] messageOf = null;
        QueueEntry[] entryOf = null;  // null: bound for the backlog
        int written = 0;
        boolean anyPersistent = false;
        boolean toBacklog = backlogCount > 0;
        for (int i = 0; i < n; i++) {
            Message m = messages.get(i);
            boolean persistent = keeps(m);
            long expiresAt = expiry.expiresAt(m, nowMs);
            mayExpire |= expiresAt != MessageExpiry.NEVER;
            toBacklog = toBacklog || memory.size() >= memoryMessages || memoryBytes >= memoryLimit;
            QueueEntry e = null;
            if (!toBacklog) {
                e = entry(m);
                e.expiresAt = expiresAt;
                memory.addLast(e);
                memoryBytes += m.bodySize();
                if (!persistent) {
                    continue;
                }
            }
            if (flags == null) {
                flags = new byte[n];
                records = new ByteBuffer[n][];
                messageOf = new Message[n];
                entryOf = new QueueEntry[n];
            }
            flags[written] = persistent ? QueueStore.FLAG_PERSISTENT : 0;
            records[written] = MessageRecords.encode(m);
            messageOf[written] = m;
            entryOf[written++] = e;
            anyPersistent |= persistent;
        }
        if (written == 0) {
            return false;
        }
        StoredPosition[] positions = new StoredPosition[written];
        RuntimeException failure = null;
        try {
            store().appendAll(flags, records, written, positions);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int k = 0; k < written; k++) {
            Message m = messageOf[k];
            StoredPosition p = positions[k];
            QueueEntry e = entryOf[k];
            if (e != null) {
                e.position = p;
                unsynced |= p != null;
                continue;
            }
            if (p != null) {
                if (backlogCount == 0) {
                    backlog = store().backlog(p.offset());
                }
                backlogCount++;
                backlogBytes += m.bodySize();
                unsynced |= p.persistent();
            }
            m.release();
        }
        if (failure != null) {
            throw failure;
        }
        return anyPersistent;
    }

    /** The message at the head (the next {@link #poll()}), reading the backlog in if needed, or null. */
    private QueueEntry peek() {
        QueueEntry e = requeued.peek();
        if (e != null) {
            return e;
        }
        if (memory.isEmpty() && backlogCount > 0) {
            refill();
        }
        return memory.peekFirst();
    }

    /**
     * Drops the messages at the head that expired before {@code nowMs} (settled and released, as RabbitMQ drops
     * them: only at the head) and returns how many.
     */
    @Override
    public int dropExpired(long nowMs) {
        if (!mayExpire) {
            return 0;
        }
        int dropped = 0;
        QueueEntry e;
        while ((e = peek()) != null && e.expiresAt < nowMs) {
            poll();
            queue.discarded(e.message, "expired");
            settle(e);
            e.message.release();
            dropped++;
        }
        return dropped;
    }

    /** When the message at the head expires, or {@link MessageExpiry#NEVER}. */
    @Override
    public long headExpiry() {
        if (!mayExpire) {
            return MessageExpiry.NEVER;
        }
        QueueEntry e = peek();
        return e == null ? MessageExpiry.NEVER : e.expiresAt;
    }

    /** The next ready message, or null. */
    @Override
    public QueueEntry poll() {
        QueueEntry e = requeued.poll();
        if (e != null) {
            memoryBytes -= e.message.bodySize();
            return e;
        }
        if (memory.isEmpty() && backlogCount > 0) {
            refill();
        }
        e = memory.pollFirst();
        if (e != null) {
            memoryBytes -= e.message.bodySize();
        }
        return e;
    }

    private void refill() {
        for (int i = 0; i < REFILL_BATCH && backlogCount > 0 && backlog.next(); i++) {
            StoredPosition p = backlog.position();
            Message m = MessageRecords.decode(backlog.payload(), p.persistent(), storage.alloc());
            QueueEntry e = entry(m);
            e.position = p;
            e.expiresAt = expiry.expiresAt(m, backlog.timestampMs());
            mayExpire |= e.expiresAt != MessageExpiry.NEVER;
            if (recoveredLeft > 0) {
                recoveredLeft--;
                Integer returns = deliveredBeforeRestart == null ? null : deliveredBeforeRestart.get(p.offset());
                e.redelivered = deliveredBeforeRestart == null || returns != null;
                e.returns = returns == null ? 0 : returns;
            }
            memory.addLast(e);
            memoryBytes += m.bodySize();
            backlogCount--;
            backlogBytes -= m.bodySize();
        }
        if (backlogCount == 0) {
            backlog = null;
        }
    }

    @Override
    public void requeue(QueueEntry e) {
        requeued.add(e);
        memoryBytes += e.message.bodySize();
    }

    /** The delivery was acknowledged (or dropped): it leaves the store too. */
    @Override
    public void settle(QueueEntry e) {
        if (e.position != null && store != null) {
            store.ack(e.position);
            if (e.position.persistent()) {
                unsynced = true;
            }
        }
    }

    /** Drops every ready message; returns how many there were. */
    @Override
    public int purge(boolean hasUnacked) {
        int n = count();
        for (QueueEntry e : requeued) {
            settle(e);
            e.message.release();
        }
        for (QueueEntry e : memory) {
            settle(e);
            e.message.release();
        }
        requeued.clear();
        memory.clear();
        memoryBytes = 0;
        if (backlogCount > 0) {
            if (hasUnacked) {
                while (backlog.next()) { // unacked deliveries keep their records: ack only the backlog's
                    store.ack(backlog.position());
                }
            } else {
                store.purge();
            }
        }
        backlog = null;
        backlogCount = 0;
        backlogBytes = 0;
        recoveredLeft = 0;
        unsynced = true;
        return n;
    }

    /**
     * Rebuilds the backlog of a durable queue from its store after a restart, streaming through the records (no
     * position list: a backlog of millions of messages recovers in bounded memory).
     */
    @Override
    public void recover() {
        QueueStore s = store();
        deliveredBeforeRestart = DeliveredMarks.readAndClear(directory);
        long persistent = 0;
        long bytes = 0;
        long first = -1;
        QueueStore.Backlog all = s.backlog(0);
        while (all.next()) {
            StoredPosition p = all.position();
            if (!p.persistent()) {
                s.ack(p); // transient messages do not survive a restart, as in RabbitMQ
            } else {
                persistent++;
                bytes += p.size();
                if (first < 0) {
                    first = p.offset();
                }
            }
        }
        if (persistent > 0) {
            backlog = s.backlog(first);
            backlogCount = persistent;
            backlogBytes = bytes;
            recoveredLeft = persistent;
        }
    }

    /** Completes once everything written so far is on disk (at once when nothing durable is pending). */
    @Override
    public CompletableFuture<Void> sync() {
        writeAcks();
        if (!durable || !unsynced || store == null) {
            return CompletableFuture.completedFuture(null);
        }
        unsynced = false;
        return storage.sync().requestSync(store);
    }

    /** Asks for the periodic background sync of what no confirm is waiting for. */
    @Override
    public void syncLater() {
        writeAcks();
        if (durable && unsynced && store != null) {
            storage.sync().markDirty(store);
        }
    }

    /** Writes the acks the store buffered during this batch of work: one write for the batch. */
    private void writeAcks() {
        if (store != null) {
            store.writeAcks();
        }
    }

    /**
     * Whether {@code m} is written as it arrives and survives a restart: a persistent message of a durable queue,
     * and every message of a quorum queue, which (as RabbitMQ's, whose Raft log holds them all) knows no transient
     * messages.
     */
    private boolean keeps(Message m) {
        return durable && (m.persistent() || queue.quorum);
    }

    /** Releases everything in memory; deletes the store (queue deleted) or closes it (broker shutdown). */
    @Override
    public void close(boolean deleteStore) {
        if (!deleteStore && durable && store != null) {
            // A clean shutdown says which stored messages had been delivered; without it (a crash), every
            // recovered message counts as possibly delivered, as RabbitMQ treats an unclean shutdown.
            // A quorum queue's delivery counts go with them.
            java.util.Map<Long, Integer> delivered = new java.util.LinkedHashMap<>();
            for (QueueEntry e : requeued) {
                if (e.redelivered && e.position != null) {
                    delivered.put(e.position.offset(), e.returns);
                }
            }
            for (QueueEntry e : memory) {
                if (e.redelivered && e.position != null) {
                    delivered.put(e.position.offset(), e.returns);
                }
            }
            DeliveredMarks.write(directory, delivered);
        }
        for (QueueEntry e : requeued) {
            e.message.release();
        }
        for (QueueEntry e : memory) {
            e.message.release();
        }
        requeued.clear();
        memory.clear();
        if (store != null) {
            if (deleteStore || !durable) {
                store.delete();
            } else {
                store.close();
            }
        }
    }

    private QueueStore store() {
        if (store == null) {
            store = FileQueueStore.open(directory,
                    storage.logConfig(), storage.clock());
        }
        return store;
    }
}
