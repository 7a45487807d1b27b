package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.warren.broker.admin.AdminException;
import io.warren.broker.admin.BrokerAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policies as RabbitMQ applies them to AMQP clients: a policy's definition acts like the matching arguments on
 * every queue or exchange its pattern selects, at once on existing ones and from the start on new ones; the
 * highest priority wins; limits combine with declared arguments by taking the smaller value, while a declared
 * dead-letter exchange or alternate exchange beats the policy's; deleting the policy restores the queue's own
 * arguments; policies survive a restart. (The HTTP API is covered by the management tests.)
 */
class PolicyIT extends BrokerTestCase {
    private BrokerAdmin admin;

    @BeforeEach
    void openAdmin() {
        admin = new BrokerAdmin(broker.broker());
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    private void policy(String name, String pattern, String applyTo, int priority, Map<String, Object> definition) {
        admin.putPolicy("/", name, pattern, applyTo, priority, definition);
    }

    private int ready(String q) throws IOException {
        return channel.queueDeclarePassive(q).getMessageCount();
    }

    private void publish(String q, int from, int to) throws IOException {
        for (int i = from; i <= to; i++) {
            channel.basicPublish("", q, null, body(i));
        }
    }

    private GetResponse awaitGet(String q) throws Exception {
        return awaitGet(q, true);
    }

    private GetResponse awaitGet(String q, boolean autoAck) throws Exception {
        GetResponse[] got = new GetResponse[1];
        awaitCondition("a message on " + q, Duration.ofSeconds(10),
                () -> (got[0] = channel.basicGet(q, autoAck)) != null);
        return got[0];
    }

    /** A fanout exchange with a queue bound to it: {exchange, queue}. */
    private String[] sink(String prefix) throws IOException {
        String x = unique(prefix);
        channel.exchangeDeclare(x, "fanout", false, true, null);
        String q = channel.queueDeclare().getQueue();
        channel.queueBind(q, x, "");
        return new String[] {x, q};
    }

    @Test
    void aMaxLengthPolicyTrimsAnExistingQueueAtOnceAndGoesWithThePolicy() throws Exception {
        String q = channel.queueDeclare(unique("trim"), false, false, false, null).getQueue();
        publish(q, 1, 10);
        policy("trim-" + q, "^" + q + "$", "queues", 0, Map.of("max-length", 3));
        assertEquals(3, ready(q));
        publish(q, 11, 12);
        assertEquals(List.of(10, 11, 12), getAllNumbers(q));
        assertTrue(admin.deletePolicy("/", "trim-" + q));
        publish(q, 1, 5);
        assertEquals(5, ready(q));
    }

    @Test
    void limitsTakeTheSmallerOfPolicyAndArgument() throws Exception {
        String tight = channel.queueDeclare(unique("min-a"), false, false, false, Map.of("x-max-length", 2))
                .getQueue();
        String loose = channel.queueDeclare(unique("min-b"), false, false, false, Map.of("x-max-length", 10))
                .getQueue();
        policy("min-" + tight, "^(" + tight + "|" + loose + ")$", "all", 0, Map.of("max-length", 4));
        publish(tight, 1, 6);
        publish(loose, 1, 6);
        assertEquals(2, ready(tight));
        assertEquals(4, ready(loose));
    }

    @Test
    void aTtlAndDeadLetterPolicyExpiresMessagesIntoTheDeadLetterExchange() throws Exception {
        String[] dead = sink("policy-dlx");
        String q = channel.queueDeclare(unique("ttl"), false, false, false, null).getQueue();
        policy("ttl-" + q, "^" + q + "$", "queues", 0, Map.of("message-ttl", 20, "dead-letter-exchange", dead[0]));
        channel.basicPublish("", q, null, body(7));
        GetResponse r = awaitGet(dead[1]);
        assertEquals(7, number(r.getBody()));
        @SuppressWarnings("unchecked")
        Map<String, Object> death = (Map<String, Object>) ((List<Object>) r.getProps().getHeaders().get("x-death"))
                .get(0);
        assertEquals("expired", death.get("reason").toString());
        assertEquals(q, death.get("queue").toString());
        assertEquals(0, ready(q));
    }

    /**
     * A message keeps the TTL in force when it arrived, as RabbitMQ computes its expiry at enqueue: a TTL policy
     * set later leaves a backlog alone, also the part of it waiting in the segment files (beyond 4096 messages).
     */
    @Test
    void aTtlPolicyLeavesTheMessagesAlreadyQueuedAloneEvenThoseOnDisk() throws Exception {
        String q = channel.queueDeclare(unique("ttl-later"), false, false, false, null).getQueue();
        channel.confirmSelect();
        publish(q, 1, 5_000);
        channel.waitForConfirmsOrDie(10_000);
        policy("ttl-" + q, "^" + q + "$", "queues", 0, Map.of("message-ttl", 1));
        BlockingQueue<Integer> got = new LinkedBlockingQueue<>();
        channel.basicConsume(q, true, (tag, d) -> got.add(number(d.getBody())), tag -> { });
        for (int i = 1; i <= 5_000; i++) {
            assertEquals(i, got.poll(10, TimeUnit.SECONDS), "message " + i + " arrived before the policy");
        }
        admin.deletePolicy("/", "ttl-" + q);
    }

    @Test
    void aDeclaredDeadLetterExchangeBeatsThePolicys() throws Exception {
        String[] declared = sink("arg-dlx");
        String[] fromPolicy = sink("pol-dlx");
        String q = channel.queueDeclare(unique("dlx-arg"), false, false, false,
                Map.of("x-dead-letter-exchange", declared[0])).getQueue();
        policy("dlx-" + q, "^" + q + "$", "queues", 0, Map.of("dead-letter-exchange", fromPolicy[0],
                "dead-letter-routing-key", "ignored-by-fanout"));
        channel.basicPublish("", q, null, body(1));
        GetResponse got = awaitGet(q, false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        assertEquals(1, number(awaitGet(declared[1], true).getBody()));
        assertNull(channel.basicGet(fromPolicy[1], true));
    }

    @Test
    void theHighestPriorityPolicyAloneApplies() throws Exception {
        String q = channel.queueDeclare(unique("prio"), false, false, false, null).getQueue();
        policy("low-" + q, "^" + q, "queues", 1, Map.of("max-length", 1));
        policy("high-" + q, "^" + q + "$", "queues", 5, Map.of("max-length", 3));
        publish(q, 1, 5);
        assertEquals(3, ready(q));
        assertEquals("high-" + q, admin.queue("/", q).policy());
        // A policy for exchanges only never applies to a queue, whatever its priority.
        policy("ex-" + q, "^" + q + "$", "exchanges", 9, Map.of("max-length", 2));
        publish(q, 1, 1);
        assertEquals(3, ready(q));
        admin.deletePolicy("/", "high-" + q);
        assertEquals(1, ready(q));  // the lower one applies now, at once
        assertEquals("low-" + q, admin.queue("/", q).policy());
    }

    @Test
    void aRejectPublishPolicyNacksConfirmedPublishesOverTheLimit() throws Exception {
        String q = channel.queueDeclare(unique("reject"), false, false, false, null).getQueue();
        policy("rej-" + q, "^" + q + "$", "queues", 0, Map.of("max-length", 1, "overflow", "reject-publish"));
        Channel ch = connection.createChannel();
        ch.confirmSelect();
        ch.basicPublish("", q, null, body(1));
        assertTrue(ch.waitForConfirms(5_000));
        ch.basicPublish("", q, null, body(2));
        assertFalse(ch.waitForConfirms(5_000));
        assertEquals(List.of(1), getAllNumbers(q));
    }

    @Test
    void anAlternateExchangePolicyTakesUnroutableMessagesUnlessTheExchangeNamesItsOwn() throws Exception {
        String[] fromPolicy = sink("pol-ae");
        String[] declared = sink("arg-ae");
        String plain = unique("ae-plain");
        String own = unique("ae-own");
        channel.exchangeDeclare(plain, "direct", false, true, null);
        channel.exchangeDeclare(own, "direct", false, true, Map.of("alternate-exchange", declared[0]));
        policy("ae-" + plain, "^(" + plain + "|" + own + ")$", "exchanges", 0,
                Map.of("alternate-exchange", fromPolicy[0]));
        channel.basicPublish(plain, "nowhere", null, body(1));
        channel.basicPublish(own, "nowhere", null, body(2));
        assertEquals(1, number(awaitGet(fromPolicy[1]).getBody()));
        assertEquals(2, number(awaitGet(declared[1]).getBody()));
        assertEquals("ae-" + plain, admin.exchange("/", plain).policy());
        admin.deletePolicy("/", "ae-" + plain);
        assertNull(admin.exchange("/", plain).policy());
        channel.basicPublish(plain, "nowhere", null, body(3));
        channel.basicPublish(own, "nowhere", null, body(4));
        assertEquals(4, number(awaitGet(declared[1]).getBody()));
        assertNull(channel.basicGet(fromPolicy[1], true));
    }

    @Test
    void anExpiresPolicyDeletesAnUnusedQueue() throws Exception {
        String q = channel.queueDeclare(unique("expires"), false, false, false, null).getQueue();
        policy("exp-" + q, "^" + q + "$", "queues", 0, Map.of("expires", 50));
        awaitCondition(q + " deleted", Duration.ofSeconds(10), () -> {
            try {
                admin.queue("/", q);
                return false;
            } catch (AdminException e) {
                return e.kind() == AdminException.Kind.NOT_FOUND;
            }
        });
    }

    @Test
    void anInvalidPolicyIsRefusedWithRabbitMqsReasonAndChangesNothing() throws Exception {
        String q = channel.queueDeclare(unique("invalid"), false, false, false, null).getQueue();
        AdminException e = assertThrows(AdminException.class,
                () -> policy("bad-" + q, "^" + q + "$", "queues", 0, Map.of("message-ttl", -1)));
        assertEquals(AdminException.Kind.BAD_REQUEST, e.kind());
        assertEquals("Validation failed\n\n-1 is not a valid message TTL\n", e.getMessage());
        assertThrows(AdminException.class, () -> admin.policy("/", "bad-" + q));
        publish(q, 1, 3);
        assertEquals(3, ready(q));
    }

    @Test
    void policiesSurviveARestartAndApplyToTheRestoredQueues() throws Exception {
        String q = unique("restart");
        channel.queueDeclare(q, true, false, false, null);
        policy("keep-" + q, "^" + q + "$", "queues", 0, Map.of("max-length", 2));
        for (int i = 1; i <= 5; i++) {
            channel.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, body(i));
        }
        connection.close();
        admin.close();

        broker.restart();

        admin = new BrokerAdmin(broker.broker());
        assertEquals("^" + q + "$", admin.policy("/", "keep-" + q).pattern());
        try (Connection c = newConnection()) {
            Channel ch = c.createChannel();
            for (int i = 6; i <= 7; i++) {
                ch.basicPublish("", q, new AMQP.BasicProperties.Builder().deliveryMode(2).build(), body(i));
            }
            assertEquals(2, ch.queueDeclarePassive(q).getMessageCount());
            assertEquals(6, number(ch.basicGet(q, true).getBody()));
            ch.queueDelete(q);
        }
        admin.deletePolicy("/", "keep-" + q);
    }

    @Test
    void anOperatorPolicyCapsQueuesBelowThePolicyAndGoesWhenDeleted() throws Exception {
        String q = channel.queueDeclare(unique("op"), false, false, false, Map.of("x-max-length", 10)).getQueue();
        String selects = "^" + q + "$";
        policy("user-" + q, selects, "queues", 0, Map.of("max-length", 8, "message-ttl", 60_000));
        admin.putPolicy("/", "cap-" + q, selects, "queues", 0, Map.of("max-length", 4), true);
        publish(q, 1, 6);
        assertEquals(4, ready(q), "the operator's 4 under the policy's 8 and the argument's 10");
        assertEquals("user-" + q, admin.queue("/", q).policy());
        assertEquals("cap-" + q, admin.queue("/", q).operatorPolicy());
        assertEquals(Map.of("max-length", 4, "message-ttl", 60_000), admin.queue("/", q).policyDefinition());
        assertThrows(AdminException.class, () -> admin.putPolicy("/", "bad-" + q, selects, "queues", 0,
                Map.of("dead-letter-exchange", "x"), true), "operators set limits only");

        assertTrue(admin.deletePolicy("/", "cap-" + q, true));
        assertFalse(admin.deletePolicy("/", "cap-" + q, true));
        publish(q, 7, 12);
        assertEquals(8, ready(q), "back to the policy's limit");
        assertNull(admin.queue("/", q).operatorPolicy());
        admin.deletePolicy("/", "user-" + q);
    }

    @Test
    void operatorPoliciesSurviveARestart() throws Exception {
        String q = unique("op-restart");
        channel.queueDeclare(q, true, false, false, null);
        admin.putPolicy("/", "cap-" + q, "^" + q + "$", "queues", 0, Map.of("max-length", 2), true);
        connection.close();
        admin.close();

        broker.restart();

        admin = new BrokerAdmin(broker.broker());
        assertEquals("cap-" + q, admin.queue("/", q).operatorPolicy());
        assertThrows(AdminException.class, () -> admin.policy("/", "cap-" + q), "not a (user) policy");
        try (Connection c = newConnection()) {
            Channel ch = c.createChannel();
            for (int i = 1; i <= 5; i++) {
                ch.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, body(i));
            }
            assertEquals(2, ch.queueDeclarePassive(q).getMessageCount());
            ch.queueDelete(q);
        }
        admin.deletePolicy("/", "cap-" + q, true);
    }
}
