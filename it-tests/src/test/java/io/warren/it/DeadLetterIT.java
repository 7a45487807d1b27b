package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dead-lettering as RabbitMQ does it: rejected (reject/nack without requeue), expired and dropped-for-length
 * messages go to {@code x-dead-letter-exchange} with {@code x-dead-letter-routing-key} or their own key, carrying
 * RabbitMQ's {@code x-death} history; automatic cycles are broken, a rejection in the cycle keeps it going.
 * Expected values were checked against RabbitMQ 3.10.
 */
class DeadLetterIT extends BrokerTestCase {

    /** A fanout dead-letter exchange and the queue bound to it. */
    private String[] deadLetterQueue() throws IOException {
        String dlx = unique("dlx");
        channel.exchangeDeclare(dlx, "fanout", false, true, null);
        String dlq = channel.queueDeclare().getQueue();
        channel.queueBind(dlq, dlx, "");
        return new String[] {dlx, dlq};
    }

    private GetResponse awaitGet(String q) throws Exception {
        GetResponse[] got = new GetResponse[1];
        awaitCondition("a message on " + q, Duration.ofSeconds(10), () -> (got[0] = channel.basicGet(q, true)) != null);
        return got[0];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastDeath(GetResponse r) {
        List<Object> deaths = (List<Object>) r.getProps().getHeaders().get("x-death");
        assertNotNull(deaths, "x-death header");
        return (Map<String, Object>) deaths.get(0);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();   // longstr values arrive as LongString
    }

    @Test
    void aRejectedMessageIsDeadLetteredWithItsHistoryAndWithoutItsExpiration() throws Exception {
        String[] d = deadLetterQueue();
        String q = channel.queueDeclare("", false, true, true, Map.of("x-dead-letter-exchange", d[0])).getQueue();
        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().expiration("60000")
                .headers(Map.of("h", 1)).build(), body(1));
        GetResponse got = channel.basicGet(q, false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);

        GetResponse dead = awaitGet(d[1]);
        assertEquals(1, number(dead.getBody()));
        assertEquals(d[0], dead.getEnvelope().getExchange());
        assertEquals(q, dead.getEnvelope().getRoutingKey(), "no dead-letter routing key: the message's own");
        assertNull(dead.getProps().getExpiration());
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertEquals(1, headers.get("h"));
        assertEquals("rejected", str(headers.get("x-first-death-reason")));
        assertEquals(q, str(headers.get("x-first-death-queue")));
        assertEquals("", str(headers.get("x-first-death-exchange")));
        Map<String, Object> death = lastDeath(dead);
        assertEquals(1L, death.get("count"));
        assertEquals("rejected", str(death.get("reason")));
        assertEquals(q, str(death.get("queue")));
        assertEquals("", str(death.get("exchange")));
        assertEquals(List.of(q), ((List<?>) death.get("routing-keys")).stream().map(Object::toString).toList());
        assertEquals("60000", str(death.get("original-expiration")));
        assertTrue(death.get("time") instanceof java.util.Date);
    }

    @Test
    void nackWithoutRequeueDeadLettersInOrderAndAnAckNever() throws Exception {
        String[] d = deadLetterQueue();
        String q = channel.queueDeclare("", false, true, true, Map.of("x-dead-letter-exchange", d[0])).getQueue();
        for (int i = 1; i <= 4; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        assertEquals(4, channel.queueDeclarePassive(q).getMessageCount());  // enqueued before the other channel gets
        Channel consumer = connection.createChannel();
        GetResponse first = consumer.basicGet(q, false);
        consumer.basicAck(first.getEnvelope().getDeliveryTag(), false);
        GetResponse last = null;
        for (int i = 2; i <= 4; i++) {
            last = consumer.basicGet(q, false);
        }
        consumer.basicNack(last.getEnvelope().getDeliveryTag(), true, false);
        for (int i = 2; i <= 4; i++) {
            assertEquals(i, number(awaitGet(d[1]).getBody()));
        }
        assertNull(channel.basicGet(d[1], true), "the acked message is not dead-lettered");
    }

    @Test
    void expiredAndDroppedForLengthUseTheirReasonsAndTheDeadLetterRoutingKey() throws Exception {
        String[] d = deadLetterQueue();
        String expiring = channel.queueDeclare("", false, true, true, Map.of("x-dead-letter-exchange", d[0],
                "x-message-ttl", 10, "x-dead-letter-routing-key", "rk")).getQueue();
        channel.basicPublish("", expiring, new AMQP.BasicProperties.Builder().expiration("5").build(), body(1));
        GetResponse dead = awaitGet(d[1]);
        assertEquals("rk", dead.getEnvelope().getRoutingKey());
        assertEquals("expired", str(lastDeath(dead).get("reason")));
        assertEquals("5", str(lastDeath(dead).get("original-expiration")));

        String limited = channel.queueDeclare("", false, true, true, Map.of("x-dead-letter-exchange", d[0],
                "x-max-length", 1)).getQueue();
        channel.basicPublish("", limited, null, body(2));
        channel.basicPublish("", limited, null, body(3));
        dead = awaitGet(d[1]);
        assertEquals(2, number(dead.getBody()), "drop-head dead-letters the oldest");
        assertEquals("maxlen", str(lastDeath(dead).get("reason")));
    }

    @Test
    void rejectPublishDlxNacksAndDeadLettersTheRefusedPublish() throws Exception {
        String[] d = deadLetterQueue();
        String q = channel.queueDeclare("", false, true, true, Map.of("x-dead-letter-exchange", d[0],
                "x-max-length", 1, "x-overflow", "reject-publish-dlx")).getQueue();
        channel.confirmSelect();
        channel.basicPublish("", q, null, body(1));
        channel.basicPublish("", q, null, body(2));
        assertFalse(channel.waitForConfirms(10_000), "the second publish is nacked");
        GetResponse dead = awaitGet(d[1]);
        assertEquals(2, number(dead.getBody()));
        assertEquals("maxlen", str(lastDeath(dead).get("reason")));
        assertEquals(1, number(channel.basicGet(q, true).getBody()));
    }

    @Test
    void aRetryLoopThroughARejectionKeepsCountingAndAnAutomaticCycleIsDropped() throws Exception {
        String work = unique("work");
        String retry = unique("retry");
        channel.queueDeclare(work, false, false, true,
                Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", retry));
        channel.queueDeclare(retry, false, false, true,
                Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", work, "x-message-ttl", 20));
        channel.basicPublish("", work, null, body(7));
        Channel consumer = connection.createChannel();
        for (int round = 1; round <= 3; round++) {
            GetResponse[] got = new GetResponse[1];
            awaitCondition("round " + round, Duration.ofSeconds(10), () -> (got[0] = consumer.basicGet(work, false)) != null);
            if (round > 1) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> deaths = (List<Map<String, Object>>) got[0].getProps().getHeaders().get("x-death");
                assertEquals(2, deaths.size());
                assertEquals("expired", str(deaths.get(0).get("reason")));
                assertEquals(retry, str(deaths.get(0).get("queue")));
                assertEquals((long) round - 1, deaths.get(1).get("count"), "rejections from " + work);
            }
            consumer.basicReject(got[0].getEnvelope().getDeliveryTag(), false);
        }

        String self = unique("self");
        channel.queueDeclare(self, false, false, true, Map.of("x-dead-letter-exchange", "", "x-message-ttl", 20));
        channel.basicPublish("", self, null, body(1));
        awaitCondition(self + " empty", Duration.ofSeconds(10),
                () -> channel.queueDeclarePassive(self).getMessageCount() == 0);
        assertNull(channel.basicGet(self, true), "expired into itself with no rejection: dropped, not looping");
    }

    @Test
    void aMissingDeadLetterExchangeDropsQuietlyAndARolledBackRejectDoesNotDeadLetter() throws Exception {
        String q = channel.queueDeclare("", false, true, true,
                Map.of("x-dead-letter-exchange", unique("nowhere"))).getQueue();
        channel.basicPublish("", q, null, body(1));
        GetResponse got = channel.basicGet(q, false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount(), "the channel is fine and the message gone");

        String[] d = deadLetterQueue();
        String tx = channel.queueDeclare("", false, true, true, Map.of("x-dead-letter-exchange", d[0])).getQueue();
        channel.basicPublish("", tx, null, body(2));
        assertEquals(1, channel.queueDeclarePassive(tx).getMessageCount());
        Channel t = connection.createChannel();
        t.txSelect();
        GetResponse held = t.basicGet(tx, false);
        t.basicReject(held.getEnvelope().getDeliveryTag(), false);
        t.txRollback();
        t.basicAck(held.getEnvelope().getDeliveryTag(), false);
        t.txCommit();
        assertEquals(0, channel.queueDeclarePassive(tx).getMessageCount());
        channel.basicPublish("", tx, null, body(3));   // a marker after the ack: it arrives first if anything does
        assertEquals(1, channel.queueDeclarePassive(tx).getMessageCount());   // enqueued (same channel: in order)
        GetResponse marker = t.basicGet(tx, false);
        t.basicReject(marker.getEnvelope().getDeliveryTag(), false);
        t.txCommit();
        assertEquals(3, number(awaitGet(d[1]).getBody()), "only the committed rejection was dead-lettered");
    }
}
