package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.admin.BrokerAdmin;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code x-queue-type=quorum}, as one RabbitMQ 3.10 node shows it to AMQP 0-9-1 clients (each reply checked
 * against RabbitMQ 3.10.8): the declare rules and reply texts, the {@code x-delivery-count} header, the delivery
 * limit that dead-letters or drops a poison message, and the arguments compared on redeclare, in RabbitMQ's order.
 */
class QuorumQueueIT extends BrokerTestCase {
    private static final Map<String, Object> QUORUM = Map.of("x-queue-type", "quorum");

    private static Map<String, Object> quorum(Object... keyValues) {
        Map<String, Object> args = new HashMap<>(QUORUM);
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put((String) keyValues[i], keyValues[i + 1]);
        }
        return args;
    }

    private String declare(Map<String, Object> args) throws IOException {
        String q = unique("qq");
        channel.queueDeclare(q, true, false, false, args);
        return q;
    }

    private GetResponse awaitGet(String q) throws Exception {
        GetResponse[] got = new GetResponse[1];
        awaitCondition("a message on " + q, Duration.ofSeconds(5), () -> (got[0] = channel.basicGet(q, false)) != null);
        return got[0];
    }

    private static Object deliveryCount(GetResponse r) {
        Map<String, Object> h = r.getProps().getHeaders();
        return h == null ? null : h.get("x-delivery-count");
    }

    @Test
    void quorumQueuesAreDurableNamedAndRefuseClassicOnlyArguments() throws Exception {
        assertEquals("406 PRECONDITION_FAILED - invalid property 'non-durable' for queue 'qq-nd' in vhost '/'",
                errorOf(() -> channel.queueDeclare("qq-nd", false, false, false, QUORUM)));
        assertEquals("406 PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue 'qq-ex' in vhost '/'",
                errorOf(() -> channel.queueDeclare("qq-ex", true, true, false, QUORUM)));
        assertEquals("406 PRECONDITION_FAILED - invalid property 'auto-delete' for queue 'qq-ad' in vhost '/'",
                errorOf(() -> channel.queueDeclare("qq-ad", true, false, true, QUORUM)));
        assertEquals("406 PRECONDITION_FAILED - Cannot declare a server-named queue for type rabbit_quorum_queue",
                errorOf(() -> channel.queueDeclare("", true, false, false, QUORUM)));
        // the arguments are checked before the flags
        assertEquals("406 PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'qq-pr' in vhost '/' of "
                        + "queue type rabbit_quorum_queue",
                errorOf(() -> channel.queueDeclare("qq-pr", false, true, true, quorum("x-max-priority", 5))));
        assertEquals("406 PRECONDITION_FAILED - invalid arg 'x-queue-mode' for queue 'qq-lazy' in vhost '/' of "
                        + "queue type rabbit_quorum_queue",
                errorOf(() -> channel.queueDeclare("qq-lazy", true, false, false, quorum("x-queue-mode", "lazy"))));
        // and the delivery limit is a quorum queue's own
        assertEquals("406 PRECONDITION_FAILED - invalid arg 'x-delivery-limit' for queue 'cq-dl' in vhost '/' of "
                        + "queue type rabbit_classic_queue",
                errorOf(() -> channel.queueDeclare("cq-dl", true, false, false, Map.of("x-delivery-limit", 3))));

        String q = declare(quorum("x-delivery-limit", 5, "x-max-length", 100, "x-single-active-consumer", true));
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(q);
        assertEquals(0, ok.getMessageCount());
        channel.queueDelete(q);
    }

    @Test
    void deliveriesCarryTheDeliveryCountOnceTheMessageCameBack() throws Exception {
        String q = declare(QUORUM);
        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().headers(Map.of("app", "kept")).build(),
                "m".getBytes());
        GetResponse first = awaitGet(q);
        assertEquals(0L, deliveryCount(first), "basic.get shows the count from the first delivery on");
        assertEquals("kept", first.getProps().getHeaders().get("app").toString());
        assertFalse(first.getEnvelope().isRedeliver());
        channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
        GetResponse second = awaitGet(q);
        assertEquals(1L, deliveryCount(second));
        assertTrue(second.getEnvelope().isRedeliver());
        channel.basicReject(second.getEnvelope().getDeliveryTag(), true);

        // a consumer's delivery shows it too (it is the third); a channel closing with it unacked counts as well
        var other = connection.createChannel();
        BlockingQueue<AMQP.BasicProperties> seen = new LinkedBlockingQueue<>();
        other.basicConsume(q, false, new DefaultConsumer(other) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                seen.add(props);
            }
        });
        AMQP.BasicProperties third = seen.poll(5, TimeUnit.SECONDS);
        assertNotNull(third, "delivered to the consumer");
        assertEquals(2L, third.getHeaders().get("x-delivery-count"));
        other.close();
        assertEquals(3L, deliveryCount(awaitGet(q)));
    }

    @Test
    void aFreshDeliveryToAConsumerHasNoDeliveryCountHeader() throws Exception {
        String q = declare(QUORUM);
        BlockingQueue<AMQP.BasicProperties> seen = new LinkedBlockingQueue<>();
        channel.basicConsume(q, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                seen.add(props);
                if (!envelope.isRedeliver()) {
                    getChannel().basicRecover(true);
                } else {
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            }
        });
        channel.basicPublish("", q, null, "m".getBytes());
        AMQP.BasicProperties first = seen.poll(5, TimeUnit.SECONDS);
        assertNotNull(first);
        assertNull(first.getHeaders(), "RabbitMQ 3.10 adds no header to a first delivery to a consumer");
        AMQP.BasicProperties again = seen.poll(5, TimeUnit.SECONDS);
        assertNotNull(again, "redelivered after basic.recover");
        assertEquals(1L, again.getHeaders().get("x-delivery-count"));
    }

    @Test
    void aMessageReturnedMoreOftenThanTheDeliveryLimitIsDeadLetteredWithReasonDeliveryLimit() throws Exception {
        String dlx = unique("qq-dlx");
        String dlq = unique("qq-dlq");
        channel.exchangeDeclare(dlx, "fanout");
        channel.queueDeclare(dlq, false, false, true, null);
        channel.queueBind(dlq, dlx, "");
        String q = declare(quorum("x-delivery-limit", 2, "x-dead-letter-exchange", dlx));
        channel.basicPublish("", q, null, "poison".getBytes());
        for (long count = 0; count <= 2; count++) {
            GetResponse r = awaitGet(q);
            assertEquals(count, deliveryCount(r));
            channel.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
        }
        GetResponse dead = awaitGet(dlq);
        assertEquals("poison", new String(dead.getBody()));
        @SuppressWarnings("unchecked")
        Map<String, Object> death = ((List<Map<String, Object>>) dead.getProps().getHeaders().get("x-death")).get(0);
        assertEquals("delivery_limit", death.get("reason").toString());
        assertEquals(q, death.get("queue").toString());
        assertEquals("delivery_limit", dead.getProps().getHeaders().get("x-first-death-reason").toString());
        assertNull(channel.basicGet(q, true), "the poison message left the queue");
    }

    @Test
    void withoutADeadLetterExchangeThePoisonMessageIsDropped() throws Exception {
        String q = declare(quorum("x-delivery-limit", 0));
        channel.basicPublish("", q, null, "once".getBytes());
        channel.basicPublish("", q, null, "next".getBytes());
        GetResponse r = awaitGet(q);
        channel.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
        GetResponse next = awaitGet(q);
        assertEquals("next", new String(next.getBody()), "a limit of 0 allows no second delivery");
        channel.basicAck(next.getEnvelope().getDeliveryTag(), false);
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }

    @Test
    void aDeliveryLimitPolicyAppliesAndTheSmallerOfPolicyAndArgumentWins() throws Exception {
        String q = declare(quorum("x-delivery-limit", 5));
        try (BrokerAdmin admin = new BrokerAdmin(broker.broker())) {
            admin.putPolicy("/", "dl-" + q, "^" + q + "$", "queues", 0, Map.of("delivery-limit", 1));
            channel.basicPublish("", q, null, "p".getBytes());
            for (long count = 0; count <= 1; count++) {
                GetResponse r = awaitGet(q);
                assertEquals(count, deliveryCount(r));
                channel.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
            }
            assertEquals(0, channel.queueDeclarePassive(q).getMessageCount(), "dropped after the policy's limit");
            admin.deletePolicy("/", "dl-" + q);
        }
    }

    @Test
    void redeclaringComparesTheQuorumArgumentsInRabbitMqsOrder() throws Exception {
        String q = declare(quorum("x-delivery-limit", 2, "x-expires", 100_000, "x-message-ttl", 1000));
        assertEquals("406 PRECONDITION_FAILED - inequivalent arg 'x-expires' for queue '" + q + "' in vhost '/': "
                + "received none but current is the value '100000' of type 'signedint'",
                errorOf(() -> channel.queueDeclare(q, true, false, false, null)));
        assertEquals("406 PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + q + "' in vhost '/': "
                + "received none but current is the value 'quorum' of type 'longstr'",
                errorOf(() -> channel.queueDeclare(q, true, false, false, Map.of("x-expires", 100_000))));
        assertEquals("406 PRECONDITION_FAILED - inequivalent arg 'x-delivery-limit' for queue '" + q + "' in vhost "
                + "'/': received '3' but current is '2'",
                errorOf(() -> channel.queueDeclare(q, true, false, false,
                        quorum("x-expires", 100_000, "x-delivery-limit", 3))));
        channel.queueDeclare(q, true, false, false, quorum("x-delivery-limit", 2, "x-expires", 100_000,
                "x-message-ttl", 1000));
    }

    @Test
    void consumingWithAChannelWidePrefetchIsNotImplementedAsInRabbitMq() throws Exception {
        String q = declare(QUORUM);
        channel.basicQos(10, true);
        assertEquals("540 NOT_IMPLEMENTED - queue '" + q + "' in vhost '/' does not support global qos",
                errorOf(() -> channel.basicConsume(q, false, new DefaultConsumer(channel))));
        channel.basicQos(10, false); // a per-consumer prefetch is fine
        channel.basicConsume(q, false, new DefaultConsumer(channel));
        channel.queueDelete(q);
    }

    @Test
    void aPersistentPoisonMessageStaysGoneAfterARestartAndTheQueueComesBackQuorum() throws Exception {
        String q = declare(quorum("x-delivery-limit", 0));
        AMQP.BasicProperties persistent = new AMQP.BasicProperties.Builder().deliveryMode(2).build();
        channel.confirmSelect();
        channel.basicPublish("", q, persistent, "poison".getBytes());
        channel.basicPublish("", q, persistent, "kept".getBytes());
        channel.waitForConfirmsOrDie(5_000);
        GetResponse r = awaitGet(q);
        assertEquals("poison", new String(r.getBody()));
        channel.basicNack(r.getEnvelope().getDeliveryTag(), false, true); // over the limit: dropped
        assertEquals(1, channel.queueDeclarePassive(q).getMessageCount());
        connection.close();

        broker.restart();

        connection = newConnection();
        channel = connection.createChannel();
        GetResponse after = awaitGet(q);
        assertEquals("kept", new String(after.getBody()), "the dropped message is not recovered");
        assertEquals(0L, deliveryCount(after), "still a quorum queue after the restart");
        assertEquals("406 PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + q + "' in vhost '/': "
                + "received 'classic' but current is 'quorum'",
                errorOf(() -> channel.queueDeclare(q, true, false, false, Map.of("x-queue-type", "classic"))));
    }

    @Test
    void aTransientMessageIsKeptAcrossARestartAsAQuorumQueueKeepsEveryMessage() throws Exception {
        String q = declare(QUORUM);
        String classic = unique("classic");
        channel.queueDeclare(classic, true, false, false, null);
        AMQP.BasicProperties transientMessage = new AMQP.BasicProperties.Builder().deliveryMode(1).build();
        channel.confirmSelect();
        channel.basicPublish("", q, transientMessage, "kept".getBytes());
        channel.basicPublish("", classic, transientMessage, "lost".getBytes());
        channel.waitForConfirmsOrDie(5_000);
        connection.close();

        broker.restart();

        connection = newConnection();
        channel = connection.createChannel();
        assertEquals("kept", new String(awaitGet(q).getBody()));
        assertEquals(0, channel.queueDeclarePassive(classic).getMessageCount(), "a classic queue's are not kept");
    }

    @Test
    void deliveryCountsAreKeptAcrossACleanRestart() throws Exception {
        String q = declare(quorum("x-delivery-limit", 3));
        channel.confirmSelect();
        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), "m".getBytes());
        channel.waitForConfirmsOrDie(5_000);
        for (int i = 0; i < 2; i++) {
            channel.basicNack(awaitGet(q).getEnvelope().getDeliveryTag(), false, true);
        }
        connection.close();

        broker.restart();

        connection = newConnection();
        channel = connection.createChannel();
        GetResponse again = awaitGet(q);
        assertEquals(2L, deliveryCount(again), "counted before the restart");
        assertTrue(again.getEnvelope().isRedeliver());
        channel.basicNack(again.getEnvelope().getDeliveryTag(), false, true);
        GetResponse last = awaitGet(q);
        assertEquals(3L, deliveryCount(last));
        channel.basicNack(last.getEnvelope().getDeliveryTag(), false, true); // a fourth return: over the limit
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount(), "dropped at the limit, restart or not");
    }
}
