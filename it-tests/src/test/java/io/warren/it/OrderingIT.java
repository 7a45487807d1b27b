package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One publisher, one queue, one consumer: messages arrive in publish order (0-9-1 §4.7). */
class OrderingIT extends BrokerTestCase {
    private static final int TOTAL = 10_000;
    private static final int BACKLOG = 2_000;

    /** Counts in-order deliveries; records the first out-of-order one. */
    private static final class OrderChecker extends Probes.Recorder {
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger firstWrong = new AtomicInteger(-1);
        private final boolean ack;
        private final int total;
        private int expected;

        OrderChecker(Channel ch, boolean ack) {
            this(ch, ack, TOTAL);
        }

        OrderChecker(Channel ch, boolean ack, int total) {
            super(ch);
            this.ack = ack;
            this.total = total;
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, com.rabbitmq.client.AMQP.BasicProperties props,
                                   byte[] body) throws IOException {
            int n = number(body);
            if (n != expected && firstWrong.get() < 0) {
                firstWrong.set(expected * 100_000 + n);
            }
            expected++;
            if (ack) {
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
            if (expected == total) {
                done.countDown();
            }
        }

        void check() throws InterruptedException {
            assertTrue(done.await(10, TimeUnit.SECONDS), "only " + expected + " of " + total + " arrived");
            int wrong = firstWrong.get();
            assertEquals(-1, wrong, () -> "expected " + wrong / 100_000 + " but got " + wrong % 100_000);
        }
    }

    private void publishAll(String q, int total) throws IOException {
        Channel publisher = connection.createChannel();
        for (int i = 0; i < total; i++) {
            publisher.basicPublish("", q, null, body(i));
        }
    }

    @Test
    void autoAckConsumerReceivesMessagesInPublishOrder() throws Exception {
        String q = Probes.plainQueue(channel);
        var checker = new OrderChecker(channel, false);
        channel.basicConsume(q, true, checker);
        publishAll(q, TOTAL);
        checker.check();
    }

    @Test
    void prefetchedAckingConsumerReceivesMessagesInPublishOrder() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.basicQos(50);
        var checker = new OrderChecker(channel, true);
        channel.basicConsume(q, false, checker);
        publishAll(q, TOTAL);
        checker.check();
    }

    @Test
    void aBacklogPublishedBeforeTheConsumerArrivesInOrder() throws Exception {
        String q = Probes.plainQueue(channel);
        publishAll(q, BACKLOG);
        channel.basicQos(50);
        var checker = new OrderChecker(channel, true, BACKLOG);
        channel.basicConsume(q, false, checker);
        checker.check();
    }
}
