package io.warren.broker.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries of one drain of a queue, gathered per channel ({@link DeliveryTarget}) so that each channel gets
 * one task with its whole batch. A drain reaches few channels, so a linear scan finds a target's batch.
 * Confinement: the queue's loop.
 */
final class DeliveryBatches {
    private final List<DeliveryTarget> targets = new ArrayList<>();
    private final List<List<QueueEntry>> batches = new ArrayList<>();

    void add(DeliveryTarget target, QueueEntry e) {
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i) == target) {
                batches.get(i).add(e);
                return;
            }
        }
        List<QueueEntry> batch = new ArrayList<>();
        batch.add(e);
        targets.add(target);
        batches.add(batch);
    }

    /**
     * Posts each batch to its channel's executor, then starts over. Posted even when the channel shares the
     * queue's loop: a consume-ok the channel posted after this drain was scheduled must reach the client before
     * the consumer's first delivery.
     */
    void send() {
        for (int i = 0; i < targets.size(); i++) {
            DeliveryTarget t = targets.get(i);
            List<QueueEntry> batch = batches.get(i);
            t.executor().execute(() -> t.deliver(batch));
        }
        targets.clear();
        batches.clear();
    }
}
