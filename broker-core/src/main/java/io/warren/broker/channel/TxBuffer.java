package io.warren.broker.channel;

import io.warren.broker.message.Message;
import io.warren.broker.queue.QueueEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * What a transactional channel (tx.select) has published and acknowledged since its last commit or rollback.
 * Publishes are routed at commit, as RabbitMQ does; acknowledged deliveries are taken out of the unacked set at
 * once (so a second ack of the same tag fails) and restored on rollback. Confinement: the channel's event loop.
 */
final class TxBuffer {
    /** A buffered publish; the message holds one reference owned by this buffer. */
    record Publish(String exchange, String routingKey, boolean mandatory, List<String> extraKeys, Message message) {
    }

    /** A buffered ack, reject or nack: the deliveries and what to do with them. */
    record Settle(List<Long> tags, List<QueueEntry> entries, boolean requeue) {
    }

    private final List<Publish> publishes = new ArrayList<>();
    private final List<Settle> settles = new ArrayList<>();

    void addPublish(Publish p) {
        publishes.add(p);
    }

    void addAcks(List<Long> tags, List<QueueEntry> entries, boolean requeue) {
        settles.add(new Settle(tags, entries, requeue));
    }

    List<Publish> takePublishes() {
        List<Publish> out = new ArrayList<>(publishes);
        publishes.clear();
        return out;
    }

    List<Settle> takeSettles() {
        List<Settle> out = new ArrayList<>(settles);
        settles.clear();
        return out;
    }

    /** Drops buffered publishes (rollback, close). */
    void releasePublishes() {
        for (Publish p : publishes) {
            p.message().release();
        }
        publishes.clear();
    }
}
