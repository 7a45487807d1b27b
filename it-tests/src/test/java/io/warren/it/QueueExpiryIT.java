package io.warren.it;

import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code x-expires} as RabbitMQ applies it: a queue unused for that long (no consumer, no basic.get, no
 * queue.declare) is deleted; a consumer keeps it. The broker's own view is watched so that looking does not renew
 * the lease; the end result is checked as a client sees it (404 on a passive declare).
 */
class QueueExpiryIT extends BrokerTestCase {

    private boolean exists(String q) {
        return broker.broker().vhost("/").queue(q) != null;
    }

    private void awaitGone(String q) throws Exception {
        awaitCondition(q + " deleted", Duration.ofSeconds(10), () -> !exists(q));
        Channel ch = connection.createChannel();
        IOException e = assertThrows(IOException.class, () -> ch.queueDeclarePassive(q));
        assertEquals(404, Probes.signalOf(e).getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close c
                ? c.getReplyCode() : -1);
    }

    @Test
    void anUnusedQueueIsDeletedAfterItsExpiry() throws Exception {
        String q = unique("expiring");
        channel.queueDeclare(q, false, false, false, Map.of("x-expires", 200));
        channel.basicPublish("", q, null, Probes.body(1));   // messages do not count as use
        awaitGone(q);
    }

    @Test
    void aConsumerKeepsTheQueueAndItsLeaseStartsWhenTheConsumerGoes() throws Exception {
        String q = unique("expiring");
        channel.queueDeclare(q, false, false, false, Map.of("x-expires", 200));
        String tag = channel.basicConsume(q, true, (t, d) -> { }, t -> { });
        long since = System.currentTimeMillis();
        awaitCondition("three expiry periods with a consumer", Duration.ofSeconds(10), () -> {
            assertNotNull(broker.broker().vhost("/").queue(q), "deleted while it had a consumer");
            return System.currentTimeMillis() > since + 600;
        });
        channel.basicCancel(tag);
        awaitGone(q);
    }

    @Test
    void aDurableQueueExpiresAfterARestartToo() throws Exception {
        String q = unique("expiring-durable");
        channel.queueDeclare(q, true, false, false, Map.of("x-expires", 300));
        broker.restart();
        openConnection();
        awaitGone(q);
        broker.restart();
        openConnection();
        assertEquals(false, exists(q), "the deletion was stored");
    }
}
