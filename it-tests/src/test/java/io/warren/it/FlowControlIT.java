package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A smoke test of the back-pressure paths (publisher throttling with autoRead, consumer writability): a flood
 * with nobody consuming completes, nothing is lost, and a consumer then drains all of it.
 *
 * <p>Sized in bytes rather than in message count: 80 MiB in 4 KiB messages passes the broker's 8 MiB in-flight
 * publish bound (so the autoRead throttle really engages) and fills the consumer's socket (writability), while
 * staying fast under the paranoid leak detector, whose cost is per buffer, not per byte.
 */
class FlowControlIT extends BrokerTestCase {
    private static final int TOTAL = 20_000;

    @Test
    void aFloodOfPublishesWithNoConsumerIsKeptAndThenDrained() throws Exception {
        String q = Probes.plainQueue(channel);
        byte[] payload = new byte[4096];
        try (Connection publisherConnection = newConnection()) {
            Channel publisher = publisherConnection.createChannel();
            for (int i = 0; i < TOTAL; i++) {
                publisher.basicPublish("", q, null, payload);
            }
            publisher.basicQos(0); // round trip: every publish was read
        }
        CountDownLatch drained = new CountDownLatch(TOTAL);
        Channel consumer = connection.createChannel();
        consumer.basicQos(500);
        consumer.basicConsume(q, false, new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws java.io.IOException {
                if (envelope.getDeliveryTag() % 100 == 0) {
                    getChannel().basicAck(envelope.getDeliveryTag(), true);
                }
                drained.countDown();
            }
        });
        assertTrue(drained.await(20, TimeUnit.SECONDS), drained.getCount() + " messages never arrived");
        consumer.basicAck(0, true);
        consumer.close();
        assertNull(channel.basicGet(q, true));
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }
}
