package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Priority queues ({@code x-max-priority}): the highest priority first, FIFO within one, priorities above the
 * maximum count as the maximum, requeued messages back at their place, drop-head dropping what would be delivered
 * next. The expected orders were first observed on RabbitMQ 3.10 with the same sequences.
 */
class PriorityQueueIT extends BrokerTestCase {

    private void publish(String q, Integer priority, String body, boolean persistent) throws Exception {
        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().priority(priority)
                .deliveryMode(persistent ? 2 : 1).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> getAll(String q) throws Exception {
        List<String> out = new ArrayList<>();
        GetResponse r;
        while ((r = channel.basicGet(q, true)) != null) {
            out.add(new String(r.getBody(), StandardCharsets.UTF_8) + (r.getEnvelope().isRedeliver() ? ":r" : ""));
        }
        return out;
    }

    @Test
    void higherPrioritiesFirstFifoWithinOneAndAboveTheMaximumCountsAsTheMaximum() throws Exception {
        String q = unique("pq");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-priority", 5));
        channel.confirmSelect();
        publish(q, null, "none", false);
        publish(q, 1, "p1", false);
        publish(q, 5, "p5", false);
        publish(q, 9, "p9", false);
        publish(q, 3, "p3", false);
        publish(q, 0, "p0", false);
        publish(q, 5, "p5b", false);
        channel.waitForConfirmsOrDie(5_000);
        assertEquals(7, channel.queueDeclarePassive(q).getMessageCount());
        assertEquals(List.of("p5", "p9", "p5b", "p3", "p1", "none", "p0"), getAll(q));
    }

    @Test
    void aRequeuedMessageGoesBackToItsPlaceInItsPriority() throws Exception {
        String q = unique("pq");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-priority", 5));
        channel.confirmSelect();
        publish(q, 1, "a1", false);
        publish(q, 4, "a4", false);
        publish(q, 4, "b4", false);
        channel.waitForConfirmsOrDie(5_000);
        var consumer = connection.createChannel();
        consumer.basicQos(2);
        BlockingQueue<Long> tags = new LinkedBlockingQueue<>();
        String tag = consumer.basicConsume(q, false, (t, d) -> tags.add(d.getEnvelope().getDeliveryTag()), t -> { });
        assertNotNull(tags.poll(5, TimeUnit.SECONDS));
        Long last = tags.poll(5, TimeUnit.SECONDS);
        assertNotNull(last);
        consumer.basicCancel(tag);
        consumer.basicNack(last, true, true);
        assertEquals(3, channel.queueDeclarePassive(q).getMessageCount());
        assertEquals(List.of("a4:r", "b4:r", "a1"), getAll(q));
    }

    @Test
    void dropHeadDropsWhatWouldBeDeliveredNext() throws Exception {
        String q = unique("pq");
        channel.queueDeclare(q, false, false, false, Map.of("x-max-priority", 5, "x-max-length", 3));
        channel.confirmSelect();
        for (int p : new int[] {1, 5, 3, 0, 2}) {
            publish(q, p, "l" + p, false);
        }
        channel.waitForConfirmsOrDie(5_000);
        assertEquals(List.of("l2", "l1", "l0"), getAll(q));
    }

    @Test
    void persistentMessagesOfEveryPriorityComeBackInOrderAfterARestartBeyondTheMemoryWindow() throws Exception {
        String q = unique("pq-durable");
        channel.queueDeclare(q, true, false, false, Map.of("x-max-priority", 2));
        channel.confirmSelect();
        int perLevel = 3000;  // more than a level's in-memory window: most of each level is paged out
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < perLevel; i++) {
            for (int p = 0; p <= 2; p++) {
                publish(q, p, p + "-" + i, true);
            }
        }
        for (int p = 2; p >= 0; p--) {
            for (int i = 0; i < perLevel; i++) {
                expected.add(p + "-" + i);
            }
        }
        channel.waitForConfirmsOrDie(30_000);
        broker.restart();
        openConnection();
        assertEquals(3 * perLevel, channel.queueDeclarePassive(q).getMessageCount());
        List<String> got = getAll(q);
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.get(i), got.get(i).replace(":r", ""), "message " + i);
        }
        channel.queueDelete(q);
    }
}
