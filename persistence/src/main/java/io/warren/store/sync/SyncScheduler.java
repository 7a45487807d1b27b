package io.warren.store.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one daemon thread, {@code warren-sync}, forces {@link Syncable} targets and completes the futures
 * waiting for them, so one fsync covers every append made before it started (DESIGN.md §3, STYLE.md C14).
 * <p>Two ways in:
 * <ul>
 * <li>{@link #requestSync(Syncable)}: a publisher confirm or {@code tx.commit} needs the target durable. The
 *     thread wakes at once; requests that arrive while a flush runs are served together by the next one.</li>
 * <li>{@link #markDirty(Syncable)}: appends nobody waits for (transient messages, acks). The target is flushed
 *     at the next tick of the interval (200 ms by default), so nothing stays unsynced for longer than that.</li>
 * </ul>
 * The thread loops: serve waiting requests (each distinct target is flushed once, then its futures complete,
 * exceptionally if the flush threw), flush the dirty targets when the interval has elapsed, and park until
 * the next request or tick.
 * <p>Thread-safety: {@link #requestSync} and {@link #markDirty} may be called from any thread, including Netty
 * event loops and queue loops: they only enqueue (a lock-free queue and a concurrent set) and unpark, never do
 * I/O and never block. Futures are completed on {@code warren-sync}: attach continuations with an executor
 * ({@code thenRunAsync(task, eventLoop)}), never blocking work on the sync thread itself. Do not interrupt
 * {@code warren-sync}: an interrupt during {@code force} would close the target's file channel (the thread clears
 * stray interrupts before each flush).
 */
public final class SyncScheduler implements AutoCloseable {
    /** The interval after which dirty targets are flushed even if nobody waits: DESIGN.md §3. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);

    private final long intervalNanos;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Set<Syncable> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    private record Waiter(Syncable target, CompletableFuture<Void> future) {
    }

    private SyncScheduler(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::run, "warren-sync");
        this.thread.setDaemon(true);
    }

    /** Starts a scheduler whose dirty targets are flushed at least every {@code interval}. */
    public static SyncScheduler start(Duration interval) {
        SyncScheduler s = new SyncScheduler(interval);
        s.thread.start();
        return s;
    }

    /** Starts a scheduler with {@link #DEFAULT_INTERVAL}. */
    public static SyncScheduler start() {
        return start(DEFAULT_INTERVAL);
    }

    /**
     * Returns a future completed after the next flush of {@code target} that starts after this call (exceptionally
     * with the flush's exception if it fails, or with {@link IllegalStateException} once the scheduler is closed).
     * Never blocks.
     */
    public CompletableFuture<Void> requestSync(Syncable target) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("sync scheduler is closed"));
            return f;
        }
        Waiter w = new Waiter(target, f);
        waiters.add(w);
        LockSupport.unpark(thread);
        if (!running && waiters.remove(w)) {
            // close() raced with us and the thread may be gone: nobody would complete the future
            f.completeExceptionally(new IllegalStateException("sync scheduler is closed"));
        }
        return f;
    }

    /**
     * Records that {@code target} has unsynced writes nobody waits for: it is flushed within one interval.
     * Never blocks; allocates nothing when the target is already dirty.
     */
    public void markDirty(Syncable target) {
        dirty.add(target);
    }

    /** Number of {@link Syncable#flush()} calls made (successful or not): the fsyncs of the benchmark. */
    public long syncCount() {
        return syncs.get();
    }

    /** Number of futures completed, normally or exceptionally. {@code completedCount / syncCount} is the batch. */
    public long completedCount() {
        return completed.get();
    }

    /** Number of futures completed exceptionally. */
    public long failedCount() {
        return failed.get();
    }

    /** Number of wake-ups that flushed at least one target. */
    public long roundCount() {
        return rounds.get();
    }

    private void run() {
        long nextTick = System.nanoTime() + intervalNanos;
        while (true) {
            boolean stopping = !running;
            if (!waiters.isEmpty()) {
                serveWaiters();
            }
            long now = System.nanoTime();
            if (now - nextTick >= 0 || stopping) {
                flushDirty();
                nextTick = now + intervalNanos;
            }
            if (stopping && waiters.isEmpty()) {
                return;
            }
            if (waiters.isEmpty()) {
                LockSupport.parkNanos(this, Math.max(1, nextTick - System.nanoTime()));
            }
        }
    }

    private void serveWaiters() {
        Map<Syncable, List<CompletableFuture<Void>>> byTarget = new IdentityHashMap<>();
        List<Syncable> order = new ArrayList<>();
        for (Waiter w; (w = waiters.poll()) != null; ) {
            List<CompletableFuture<Void>> fs = byTarget.get(w.target());
            if (fs == null) {
                fs = new ArrayList<>(4);
                byTarget.put(w.target(), fs);
                order.add(w.target());
            }
            fs.add(w.future());
        }
        rounds.incrementAndGet();
        for (Syncable target : order) {
            dirty.remove(target);  // before the flush: a mark made during it stays for the next tick
            Throwable error = flushOne(target);
            List<CompletableFuture<Void>> fs = byTarget.get(target);
            if (error != null) {
                failed.addAndGet(fs.size());
            }
            completed.addAndGet(fs.size());  // counted first: a caller that saw its future done sees the count
            for (CompletableFuture<Void> f : fs) {
                if (error == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error);
                }
            }
        }
    }

    private void flushDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        rounds.incrementAndGet();
        for (Syncable target : dirty) {
            dirty.remove(target);
            if (flushOne(target) != null) {
                dirty.add(target);  // retry at the next tick
            }
        }
    }

    private Throwable flushOne(Syncable target) {
        Thread.interrupted();  // a pending interrupt would make FileChannel.force close the channel
        syncs.incrementAndGet();
        try {
            target.flush();
            return null;
        } catch (Throwable t) {
            LOG.error("sync of {} failed", target, t);
            return t;
        }
    }

    /**
     * Stops the thread after it has served every request made before this call and flushed the dirty targets.
     * Later requests complete exceptionally. Waits up to 30 seconds for a flush in progress. Idempotent.
     */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("warren-sync did not stop within 30 s");
        }
    }
}
