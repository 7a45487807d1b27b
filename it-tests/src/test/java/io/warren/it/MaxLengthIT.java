package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queue length limits as RabbitMQ applies them: {@code x-max-length} and {@code x-max-length-bytes} count ready
 * messages only; {@code x-overflow=drop-head} (default) drops the oldest, {@code reject-publish} refuses the
 * newest with a {@code basic.nack} to confirm-mode publishers.
 */
class MaxLengthIT extends BrokerTestCase {

    private String queue(Map<String, Object> args) throws IOException {
        return channel.queueDeclare(unique("limited"), false, false, true, args).getQueue();
    }

    @Test
    void dropHeadKeepsTheNewestMessages() throws Exception {
        String q = queue(Map.of("x-max-length", 3));
        for (int i = 1; i <= 10; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        assertEquals(3, channel.queueDeclarePassive(q).getMessageCount());
        assertEquals(List.of(8, 9, 10), getAllNumbers(q));
    }

    @Test
    void maxLengthBytesCountsBodyBytes() throws Exception {
        String q = queue(Map.of("x-max-length-bytes", 25));
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", q, null, new byte[10]);  // 50 bytes offered, 25 allowed: the last two stay
        }
        assertEquals(2, channel.queueDeclarePassive(q).getMessageCount());
    }

    @Test
    void unacknowledgedDeliveriesDoNotCountAndRequeuedOnesDo() throws Exception {
        String q = queue(Map.of("x-max-length", 2));
        for (int i = 1; i <= 2; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        assertEquals(2, channel.queueDeclarePassive(q).getMessageCount());  // enqueued before the other channel gets
        Channel consumer = connection.createChannel();
        GetResponse first = consumer.basicGet(q, false);
        GetResponse second = consumer.basicGet(q, false);
        for (int i = 3; i <= 4; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        assertEquals(2, channel.queueDeclarePassive(q).getMessageCount(), "two unacked, two ready: within the limit");
        consumer.basicNack(second.getEnvelope().getDeliveryTag(), true, true);  // 1 and 2 come back: four ready
        consumer.queueDeclarePassive(q);  // a round trip behind the nack: the requeue has happened
        assertEquals(List.of(3, 4), getAllNumbers(q), "requeued messages are back at the head, so they are dropped first");
        assertEquals(1, number(first.getBody()));
    }

    @Test
    void aWaitingConsumerGetsTheMessageEvenAtLengthZero() throws Exception {
        String q = queue(Map.of("x-max-length", 0));
        channel.basicPublish("", q, null, body(1));
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount(), "nobody to take it: dropped");
        CountDownLatch got = new CountDownLatch(1);
        Channel consumer = connection.createChannel();
        consumer.basicConsume(q, true, (tag, d) -> got.countDown(), tag -> { });
        channel.basicPublish("", q, null, body(2));
        Probes.await(got, "the delivery to the waiting consumer");
    }

    @Test
    void rejectPublishNacksExactlyTheMessagesOverTheLimit() throws Exception {
        String q = queue(Map.of("x-max-length", 3, "x-overflow", "reject-publish"));
        channel.confirmSelect();
        ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
        ConcurrentSkipListSet<Long> nacked = new ConcurrentSkipListSet<>();
        CountDownLatch all = new CountDownLatch(5);
        channel.addConfirmListener((tag, multiple) -> record(acked, tag, multiple, all, acked, nacked),
                (tag, multiple) -> record(nacked, tag, multiple, all, acked, nacked));
        for (int i = 1; i <= 5; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), "confirms for all five publishes");
        assertEquals(List.of(1L, 2L, 3L), new ArrayList<>(acked));
        assertEquals(List.of(4L, 5L), new ArrayList<>(nacked));
        assertFalse(channel.waitForConfirms(10_000), "the client saw nacks since confirm.select");
        assertEquals(List.of(1, 2, 3), getAllNumbers(q), "the queue kept the oldest");
        channel.basicPublish("", q, null, body(6));
        assertTrue(channel.waitForConfirms(10_000), "room again: acked");
        assertEquals(List.of(6), getAllNumbers(q));
    }

    /** Adds the tags a (possibly multiple) confirm covers that no earlier confirm covered. */
    private static void record(ConcurrentSkipListSet<Long> into, long tag, boolean multiple, CountDownLatch all,
                               ConcurrentSkipListSet<Long> acked, ConcurrentSkipListSet<Long> nacked) {
        for (long t = multiple ? 1 : tag; t <= tag; t++) {
            if (!acked.contains(t) && !nacked.contains(t) && into.add(t)) {
                all.countDown();
            }
        }
    }

    @Test
    void rejectPublishWithoutConfirmsDropsSilentlyAndPersistentMessagesSurviveARestart() throws Exception {
        String q = unique("limited-durable");
        channel.queueDeclare(q, true, false, false, Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
        for (int i = 1; i <= 4; i++) {
            channel.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, body(i));
        }
        assertEquals(2, channel.queueDeclarePassive(q).getMessageCount());
        broker.restart();
        openConnection();
        assertEquals(List.of(1, 2), getAllNumbers(q));
        channel.queueDelete(q);
    }

    @Test
    void dropHeadOnADurableQueueDropsFromDiskToo() throws Exception {
        String q = unique("limited-durable");
        channel.queueDeclare(q, true, false, false, Map.of("x-max-length", 5));
        AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_BASIC;
        channel.confirmSelect();
        for (int i = 1; i <= 5000; i++) {   // past the in-memory window: most of the dropping happens on disk
            channel.basicPublish("", q, persistent, body(i));
        }
        assertTrue(channel.waitForConfirms(30_000));
        broker.restart();
        openConnection();
        assertEquals(List.of(4996, 4997, 4998, 4999, 5000), getAllNumbers(q));
        assertNull(channel.basicGet(q, true));
        channel.queueDelete(q);
    }
}
