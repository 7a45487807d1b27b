/**
 * Message storage of classic queues: {@link io.warren.store.queue.QueueStore} with a file implementation on a
 * segmented log plus per-segment ack files (LavinMQ's design), and an in-memory one for broker unit tests.
 */
package io.warren.store.queue;
