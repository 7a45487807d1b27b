package io.warren.store.sync;

import java.io.IOException;

/**
 * Something whose written bytes can be forced to stable storage: a {@link io.warren.store.log.SegmentedLog}
 * or a {@link io.warren.store.queue.QueueStore}.
 * <p>Thread-safety: {@link #flush()} is called by the {@link SyncScheduler} thread while the owner of the
 * target keeps writing on its own thread; implementations must allow that. It may also be called after the
 * target was closed or deleted, in which case it returns normally.
 */
public interface Syncable {
    /** Forces everything written before this call started to stable storage ({@code fdatasync}). */
    void flush() throws IOException;
}
