package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.codec.types.BasicPropertiesCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ready messages of a priority queue ({@code x-max-priority = N}, 1..255): one {@link ReadyMessages} per
 * level 0..N, each with its own segment files (level 0 in the queue's directory, level p in a sibling
 * {@code <dir>.p<p>}) and a share of the in-memory window. A message goes to the level of its {@code priority}
 * property (absent: 0; above N: N); the highest non-empty level is served first, each level in FIFO order, and a
 * requeued message returns to its place in its level, as in RabbitMQ. drop-head drops what would be delivered
 * next (the head of the highest level); expired messages leave from the head of every level.
 *
 * <p>Confinement: the owning queue's loop.
 */
final class PriorityMessages implements ReadyQueue {
    /**
     * The smallest in-memory window of a level: with the most levels (256) the whole queue still holds at most
     * 4096 messages and 16 MiB in memory, as a queue without priorities.
     */
    private static final int MIN_LEVEL_MESSAGES = 16;
    private static final long MIN_LEVEL_BYTES = 64L * 1024;

    private final ClassicQueue queue;
    private final ReadyMessages[] levels;
    private final List<Path> directories = new ArrayList<>();

    PriorityMessages(ClassicQueue queue, QueueStorage storage, boolean durable, MessageExpiry expiry,
                     int maxPriority) {
        this.queue = queue;
        this.levels = new ReadyMessages[maxPriority + 1];
        Path base = storage.directory(queue.vhost(), queue.name(), durable);
        int messages = Math.max(MIN_LEVEL_MESSAGES, ReadyMessages.MEMORY_MESSAGES / levels.length);
        long bytes = Math.max(MIN_LEVEL_BYTES, ReadyMessages.MEMORY_BYTES / levels.length);
        for (int p = 0; p < levels.length; p++) {
            Path dir = p == 0 ? base : base.resolveSibling(base.getFileName() + ".p" + p);
            directories.add(dir);
            levels[p] = new ReadyMessages(queue, storage, dir, durable, expiry, messages, bytes, p);
        }
    }

    /** The level of {@code m}: its priority property, capped at the queue's maximum. */
    private int levelOf(Message m) {
        int p = BasicPropertiesCodec.peekPriority(m.properties());
        return p < 0 ? 0 : Math.min(p, levels.length - 1);
    }

    @Override
    public int count() {
        long n = 0;
        for (ReadyMessages r : levels) {
            n += r.count();
        }
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    @Override
    public long bytes() {
        long n = 0;
        for (ReadyMessages r : levels) {
            n += r.bytes();
        }
        return n;
    }

    @Override
    public boolean addAll(List<Message> messages, long nowMs) {
        int first = levelOf(messages.get(0));
        boolean oneLevel = true;
        for (int i = 1; i < messages.size() && oneLevel; i++) {
            oneLevel = levelOf(messages.get(i)) == first;
        }
        if (oneLevel) {
            return levels[first].addAll(messages, nowMs);
        }
        List<List<Message>> byLevel = new ArrayList<>(levels.length);
        for (int p = 0; p < levels.length; p++) {
            byLevel.add(null);
        }
        for (Message m : messages) {
            int p = levelOf(m);
            if (byLevel.get(p) == null) {
                byLevel.set(p, new ArrayList<>());
            }
            byLevel.get(p).add(m);
        }
        boolean written = false;
        RuntimeException failure = null;
        for (int p = 0; p < levels.length; p++) {
            if (byLevel.get(p) != null) {
                try {
                    written |= levels[p].addAll(byLevel.get(p), nowMs);
                } catch (RuntimeException e) {  // every level still gets its messages
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return written;
    }

    @Override
    public int dropExpired(long nowMs) {
        int n = 0;
        for (ReadyMessages r : levels) {
            n += r.dropExpired(nowMs);
        }
        return n;
    }

    @Override
    public long headExpiry() {
        long first = MessageExpiry.NEVER;
        for (ReadyMessages r : levels) {
            first = Math.min(first, r.headExpiry());
        }
        return first;
    }

    @Override
    public QueueEntry poll() {
        for (int p = levels.length - 1; p >= 0; p--) {
            if (levels[p].count() > 0) {
                QueueEntry e = levels[p].poll();
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    @Override
    public void requeue(QueueEntry e) {
        levels[e.level].requeue(e);
    }

    @Override
    public void settle(QueueEntry e) {
        levels[e.level].settle(e);
    }

    @Override
    public int purge(boolean hasUnacked) {
        int n = 0;
        for (ReadyMessages r : levels) {
            n += r.purge(hasUnacked);
        }
        return n;
    }

    @Override
    public void recover() {
        for (int p = 0; p < levels.length; p++) {
            if (p == 0 || Files.isDirectory(directories.get(p))) {  // only the levels that ever held a message
                levels[p].recover();
            }
        }
    }

    @Override
    public CompletableFuture<Void> sync() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[levels.length];
        for (int p = 0; p < levels.length; p++) {
            all[p] = levels[p].sync();
        }
        return CompletableFuture.allOf(all);
    }

    @Override
    public void syncLater() {
        for (ReadyMessages r : levels) {
            r.syncLater();
        }
    }

    @Override
    public void close(boolean deleteStore) {
        for (ReadyMessages r : levels) {
            r.close(deleteStore);
        }
    }
}
