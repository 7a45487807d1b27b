/**
 * Queues: each confined to one {@link io.warren.broker.queue.QueueLoops} thread, delivering to consumers under
 * their credit and talking to channels only through {@link io.warren.broker.queue.DeliveryTarget}. Classic
 * queues ({@link io.warren.broker.queue.ClassicQueue}) and streams ({@link io.warren.broker.queue.StreamQueue},
 * append-only logs read by each consumer at its own offset, with optional server-side consumer groups).
 */
package io.warren.broker.queue;
