package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Persistent messages on durable queues survive a restart; transient ones and non-durable queues do not. */
class DurableMessagesRestartIT extends BrokerTestCase {
    @Test
    void persistentMessagesComeBackInOrderAndTransientOnesDoNot() throws Exception {
        String q = unique("dq");
        String tq = unique("tq");
        channel.queueDeclare(q, true, false, false, null);
        channel.queueDeclare(tq, false, false, false, null);
        channel.confirmSelect();
        AMQP.BasicProperties headers = MessageProperties.PERSISTENT_TEXT_PLAIN.builder()
                .headers(Map.of("k", "v")).messageId("id-1").build();
        channel.basicPublish("", q, headers, "p1".getBytes());
        channel.basicPublish("", q, MessageProperties.TEXT_PLAIN, "t1".getBytes());
        channel.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, "p2".getBytes());
        channel.basicPublish("", tq, MessageProperties.PERSISTENT_BASIC, "lost".getBytes());
        channel.waitForConfirmsOrDie(5_000);
        connection.close();

        broker.restart();

        try (Connection c = newConnection()) {
            Channel ch = c.createChannel();
            assertEquals(2, ch.queueDeclarePassive(q).getMessageCount());
            GetResponse first = ch.basicGet(q, true);
            assertEquals("p1", new String(first.getBody()));
            assertEquals("id-1", first.getProps().getMessageId(), "properties come back byte for byte");
            assertEquals("v", first.getProps().getHeaders().get("k").toString());
            assertEquals(2, first.getProps().getDeliveryMode());
            assertFalse(first.getEnvelope().isRedeliver());
            assertEquals("p2", new String(ch.basicGet(q, true).getBody()));
            assertNull(ch.basicGet(q, true), "the transient message did not survive");
            Channel other = c.createChannel();
            assertEquals(404, replyCodeOf(() -> other.queueDeclarePassive(tq)));
        }
        channel = (connection = newConnection()).createChannel();
    }

    @Test
    void unacknowledgedDeliveriesComeBackRedeliveredAndAcknowledgedOnesDoNot() throws Exception {
        String q = unique("dq");
        channel.queueDeclare(q, true, false, false, null);
        channel.confirmSelect();
        for (int i = 1; i <= 3; i++) {
            channel.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, ("m" + i).getBytes());
        }
        channel.waitForConfirmsOrDie(5_000);
        GetResponse m1 = channel.basicGet(q, false);
        channel.basicAck(m1.getEnvelope().getDeliveryTag(), false);
        GetResponse m2 = channel.basicGet(q, false);
        assertNotNull(m2);
        channel.queueDeclarePassive(q); // round trip: the ack has reached the queue
        broker.restart(); // m2 still unacked

        try (Connection c = newConnection()) {
            Channel ch = c.createChannel();
            GetResponse r = ch.basicGet(q, true);
            assertEquals("m2", new String(r.getBody()));
            assertTrue(r.getEnvelope().isRedeliver(), "it was delivered before the restart");
            GetResponse m3 = ch.basicGet(q, true);
            assertEquals("m3", new String(m3.getBody()));
            assertFalse(m3.getEnvelope().isRedeliver(), "never delivered before a clean restart");
            assertNull(ch.basicGet(q, true));
        }
        channel = (connection = newConnection()).createChannel();
    }

    @Test
    void aBacklogLargerThanTheMemoryWindowIsPagedAndComesBackInOrder() throws Exception {
        String q = unique("big");
        channel.queueDeclare(q, true, false, false, null);
        channel.confirmSelect();
        int n = 12_000; // three times the in-memory window of a queue
        byte[] pad = new byte[200];
        for (int i = 0; i < n; i++) {
            byte[] body = new byte[pad.length + 8];
            java.nio.ByteBuffer.wrap(body).putLong(i);
            channel.basicPublish("", q, i % 2 == 0 ? MessageProperties.PERSISTENT_BASIC : null, body);
        }
        channel.waitForConfirmsOrDie(30_000);
        assertEquals(n, channel.queueDeclarePassive(q).getMessageCount());
        List<Long> before = drainIds(channel, q, 100);
        assertEquals(100, before.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, before.get(i));
        }
        connection.close();

        broker.restart();

        try (Connection c = newConnection()) {
            Channel ch = c.createChannel();
            assertEquals((n - 100) / 2, ch.queueDeclarePassive(q).getMessageCount(), "only persistent ones remain");
            List<Long> after = drainIds(ch, q, Integer.MAX_VALUE);
            assertEquals((n - 100) / 2, after.size());
            for (int i = 0; i < after.size(); i++) {
                assertEquals(100 + 2L * i, after.get(i), "in publish order");
            }
            assertFalse(after.contains(101L));
        }
        channel = (connection = newConnection()).createChannel();
    }

    private static List<Long> drainIds(Channel ch, String q, int max) throws Exception {
        List<Long> ids = new ArrayList<>();
        GetResponse r;
        while (ids.size() < max && (r = ch.basicGet(q, true)) != null) {
            ids.add(java.nio.ByteBuffer.wrap(r.getBody()).getLong());
        }
        return ids;
    }
}
