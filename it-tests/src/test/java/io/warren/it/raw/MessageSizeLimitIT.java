package io.warren.it.raw;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.BasicMethod;
import io.warren.it.BrokerLogWatch;
import io.warren.it.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code max_message_size}: a message whose body is larger closes its channel with PRECONDITION_FAILED (406) and
 * RabbitMQ's text "message size N is larger than configured max size M"; the connection and its other channels go
 * on working, and a message of exactly the limit is accepted.
 */
class MessageSizeLimitIT {
    private static final int MAX = 1024;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withLimits(131_072, 2047, MAX));
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();

    @Test
    @Spec(section = "rabbit_channel check_msg_size")
    void messageOverTheLimitClosesTheChannelWithPreconditionFailed() throws Exception {
        try (RawClient c = RawClient.connect(broker.port()).negotiateOpen()) {
            c.openChannel(1).openChannel(2).declareQueue(2, "limited-1").declareQueue(2, "limited-2");
            c.publish(1, "", "limited-1", new byte[2 * MAX]);
            assertEquals("PRECONDITION_FAILED - message size " + 2 * MAX + " is larger than configured max size "
                    + MAX, c.expectChannelClose(1, ReplyCode.PRECONDITION_FAILED).replyText());
            // The other channel was not affected, channel 1 opens again, and exactly the limit is accepted.
            c.publish(2, "", "limited-2", new byte[MAX]);
            c.send(2, new BasicMethod.Get(0, "limited-2", true)).read(2, BasicMethod.GetOk.class);
            assertEquals(MAX, c.readContent(2).declaredSize());
            c.openChannel(1).publish(1, "", "limited-1", new byte[MAX - 1]);
            c.send(1, new BasicMethod.Get(0, "limited-1", true)).read(1, BasicMethod.GetOk.class);
            assertEquals(MAX - 1, c.readContent(1).declaredSize());
            c.send(1, new BasicMethod.Get(0, "limited-1", true)).expect(1, BasicMethod.GetEmpty.class);
        }
    }

    @Test
    void javaClientSeesAChannelErrorAndKeepsItsConnection() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setPort(broker.port());
        f.setHost("127.0.0.1");
        f.setAutomaticRecoveryEnabled(false);
        try (Connection conn = f.newConnection()) {
            Channel ch = conn.createChannel();
            String q = ch.queueDeclare().getQueue();
            CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
            ch.addShutdownListener(closed::complete);
            ch.basicPublish("", q, null, new byte[MAX + 1]);
            ShutdownSignalException sse = closed.get(5, TimeUnit.SECONDS);
            assertFalse(sse.isHardError(), sse.getMessage());
            assertEquals(406, ((AMQP.Channel.Close) sse.getReason()).getReplyCode());
            assertTrue(conn.isOpen());
            Channel again = conn.createChannel();
            again.basicPublish("", q, null, new byte[MAX]);
            assertNotNull(again.basicGet(q, true));
        }
    }
}
