/**
 * Group commit: {@link io.warren.store.sync.SyncScheduler} forces stores on one background thread and completes
 * the futures that drive publisher confirms and {@code tx.commit-ok}, so that no event loop ever waits on fsync.
 */
package io.warren.store.sync;
