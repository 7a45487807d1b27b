/**
 * Queues: each confined to one {@link io.warren.broker.queue.QueueLoops} thread, delivering to consumers under
 * their credit and talking to channels only through {@link io.warren.broker.queue.DeliveryTarget}. No wire
 * types here.
 */
package io.warren.broker.queue;
