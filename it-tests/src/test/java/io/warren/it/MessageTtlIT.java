package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Message TTL as RabbitMQ applies it: the queue's {@code x-message-ttl} and the message's {@code expiration}
 * (the earlier wins); expired messages leave from the head of the queue, never once delivered; a requeued
 * message keeps its expiry; a TTL of 0 still reaches a consumer that is waiting.
 */
class MessageTtlIT extends BrokerTestCase {

    private String queue(Map<String, Object> args) throws IOException {
        return channel.queueDeclare(unique("ttl"), false, false, true, args).getQueue();
    }

    private static AMQP.BasicProperties expiringIn(String ms) {
        return new AMQP.BasicProperties.Builder().expiration(ms).build();
    }

    private void awaitReady(String q, int count) throws Exception {
        awaitCondition(q + " holding " + count + " ready message(s)", Duration.ofSeconds(10),
                () -> channel.queueDeclarePassive(q).getMessageCount() == count);
    }

    @Test
    void queueTtlExpiresMessagesWithoutAnyoneLooking() throws Exception {
        String q = queue(Map.of("x-message-ttl", 200));
        for (int i = 1; i <= 3; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        long start = System.nanoTime();
        awaitReady(q, 0);   // the queue's timer drops them: no consumer, no get
        assertTrueAtLeast(Duration.ofNanos(System.nanoTime() - start), Duration.ofMillis(150));
        channel.basicPublish("", q, null, body(4));
        assertEquals(List.of(4), getAllNumbers(q), "a fresh message is still there");
    }

    private static void assertTrueAtLeast(Duration took, Duration min) {
        if (took.compareTo(min) < 0) {
            throw new AssertionError("expired after " + took.toMillis() + " ms, before the TTL");
        }
    }

    @Test
    void perMessageExpirationAndTheEarlierOfTheTwoWins() throws Exception {
        String q = queue(Map.of("x-message-ttl", 60_000));
        channel.basicPublish("", q, expiringIn("100"), body(1));   // 100 ms wins over the queue's minute
        channel.basicPublish("", q, null, body(2));
        channel.basicPublish("", q, expiringIn("120000"), body(3)); // the queue's minute wins
        awaitReady(q, 2);
        assertEquals(List.of(2, 3), getAllNumbers(q));
    }

    @Test
    void anExpiredMessageBehindALiveOneWaitsForTheHeadAsInRabbitMQ() throws Exception {
        String q = queue(Map.of());
        channel.basicPublish("", q, null, body(1));                // never expires
        channel.basicPublish("", q, expiringIn("50"), body(2));
        channel.basicPublish("", q, null, body(3));
        GetResponse first = channel.basicGet(q, true);
        assertEquals(1, number(first.getBody()));
        awaitReady(q, 1);   // now at the head, message 2 goes
        assertEquals(List.of(3), getAllNumbers(q));
    }

    @Test
    void zeroTtlReachesAWaitingConsumerAndIsDroppedOtherwise() throws Exception {
        String q = queue(Map.of("x-message-ttl", 0));
        channel.basicPublish("", q, null, body(1));
        awaitReady(q, 0);
        CountDownLatch got = new CountDownLatch(1);
        Channel consumer = connection.createChannel();
        consumer.basicConsume(q, true, (tag, d) -> {
            if (number(d.getBody()) == 2) {
                got.countDown();
            }
        }, tag -> { });
        channel.basicPublish("", q, null, body(2));
        Probes.await(got, "the TTL-0 delivery to the waiting consumer");
    }

    @Test
    void aRequeuedMessageKeepsItsExpiry() throws Exception {
        String q = queue(Map.of("x-message-ttl", 300));
        channel.basicPublish("", q, null, body(1));
        assertEquals(1, channel.queueDeclarePassive(q).getMessageCount());  // enqueued before the other channel gets
        Channel consumer = connection.createChannel();
        GetResponse held = consumer.basicGet(q, false);
        assertNotNull(held);
        channel.basicPublish("", q, null, body(2));
        awaitReady(q, 0);   // message 2 expired, so message 1's TTL has passed too while it was unacked
        consumer.basicReject(held.getEnvelope().getDeliveryTag(), true);
        consumer.queueDeclarePassive(q);  // a round trip behind the reject: the requeue has happened
        awaitReady(q, 0);   // back at the head past its expiry: dropped
        assertEquals(List.of(), getAllNumbers(q));
    }

    @Test
    void expiryCountsFromArrivalAndSurvivesARestart() throws Exception {
        String q = unique("ttl-durable");
        channel.queueDeclare(q, true, false, false, Map.of("x-message-ttl", 1500));
        channel.confirmSelect();
        channel.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, body(1));
        channel.basicPublish("", q, MessageProperties.PERSISTENT_BASIC, body(2));
        channel.waitForConfirmsOrDie(10_000);
        broker.restart();
        openConnection();
        assertEquals(2, channel.queueDeclarePassive(q).getMessageCount(), "not expired yet");
        awaitReady(q, 0);
        channel.queueDelete(q);
    }

    @Test
    void anInvalidExpirationIsRefusedLikeRabbitMQ() throws Exception {
        String q = queue(Map.of());
        channel.basicPublish("", q, expiringIn("soon"), body(1));
        expectChannelError(406);
    }
}
