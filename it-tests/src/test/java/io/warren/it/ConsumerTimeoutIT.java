package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery acknowledgement timeout (RabbitMQ's {@code consumer_timeout}, 30 minutes by default, 400 ms
 * here): a channel holding a delivery unacknowledged for longer is closed with RabbitMQ 3.10's 406 and text, its
 * deliveries go back to the queue, and the rest of the connection carries on. Deliveries fetched with basic.get
 * count too, as in RabbitMQ; consumers that ack in time and no-ack consumers are never touched.
 */
class ConsumerTimeoutIT {
    private static final long TIMEOUT_MILLIS = 400;
    private static final String TEXT = "PRECONDITION_FAILED - delivery acknowledgement on channel %d timed out. "
            + "Timeout value used: 400 ms. This timeout value can be configured, see consumers doc guide to learn more";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withConsumerTimeout(TIMEOUT_MILLIS));

    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.port());
        f.setAutomaticRecoveryEnabled(false);
        connection = f.newConnection();
    }

    @AfterEach
    void close() {
        connection.abort(5_000);
    }

    /** Completes with the broker's channel.close once it comes. */
    private static CompletableFuture<ShutdownSignalException> closeOf(Channel ch) {
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        ch.addShutdownListener(closed::complete);
        return closed;
    }

    /** A plain queue (not auto-delete: it must outlive the consumer the timeout cancels). */
    private String queueWith(Channel ch, int messages) throws IOException {
        String q = Probes.plainQueue(ch);
        for (int i = 0; i < messages; i++) {
            ch.basicPublish("", q, null, Probes.body(i));
        }
        return q;
    }

    private void assertTimedOut(Channel ch, CompletableFuture<ShutdownSignalException> closed) throws Exception {
        ShutdownSignalException sse = closed.get(10, TimeUnit.SECONDS);
        AMQP.Channel.Close close = (AMQP.Channel.Close) sse.getReason();
        assertEquals(406, close.getReplyCode());
        assertEquals(String.format(TEXT, ch.getChannelNumber()), close.getReplyText());
        assertTrue(connection.isOpen(), "only the channel is closed");
    }

    @Test
    void aConsumerThatNeverAcksLosesItsChannelAndItsMessagesGoBack() throws Exception {
        Channel ch = connection.createChannel();
        String q = queueWith(ch, 3);
        CountDownLatch delivered = new CountDownLatch(3);
        CompletableFuture<ShutdownSignalException> closed = closeOf(ch);
        ch.basicConsume(q, false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                delivered.countDown();
            }
        });
        assertTrue(delivered.await(5, TimeUnit.SECONDS));

        assertTimedOut(ch, closed);
        Channel other = connection.createChannel();
        assertEquals(3, other.queueDeclarePassive(q).getMessageCount(), "requeued");
        assertTrue(other.basicGet(q, true).getEnvelope().isRedeliver());
    }

    @Test
    void aMessageFetchedWithBasicGetCountsToo() throws Exception {
        Channel ch = connection.createChannel();
        String q = queueWith(ch, 1);
        CompletableFuture<ShutdownSignalException> closed = closeOf(ch);
        assertNotNull(ch.basicGet(q, false));

        assertTimedOut(ch, closed);
        assertEquals(1, connection.createChannel().queueDeclarePassive(q).getMessageCount());
    }

    @Test
    void consumersThatAckInTimeAndNoAckConsumersAreLeftAlone() throws Exception {
        Channel acking = connection.createChannel();
        String q1 = queueWith(acking, 5);
        CountDownLatch acked = new CountDownLatch(5);
        CountDownLatch ackedLater = new CountDownLatch(6);
        acking.basicConsume(q1, false, new DefaultConsumer(acking) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                getChannel().basicAck(env.getDeliveryTag(), false);
                acked.countDown();
                ackedLater.countDown();
            }
        });
        Channel noAck = connection.createChannel();
        String q2 = queueWith(noAck, 5);
        CountDownLatch received = new CountDownLatch(5);
        noAck.basicConsume(q2, true, new DefaultConsumer(noAck) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
                received.countDown();
            }
        });
        assertTrue(acked.await(5, TimeUnit.SECONDS) && received.await(5, TimeUnit.SECONDS));
        // a channel that holds a delivery is the clock: once it has timed out, the others have had as long
        Channel holding = connection.createChannel();
        String q3 = queueWith(holding, 1);
        CompletableFuture<ShutdownSignalException> closed = closeOf(holding);
        assertNotNull(holding.basicGet(q3, false));
        assertTimedOut(holding, closed);

        assertTrue(acking.isOpen(), "acked everything in time");
        assertTrue(noAck.isOpen(), "no-ack deliveries are never waited for");
        acking.basicPublish("", q1, null, Probes.body(99));
        assertTrue(ackedLater.await(5, TimeUnit.SECONDS), "and it still consumes");
        assertFalse(holding.isOpen());
    }
}
