package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exclusive queues belong to the declaring connection (RESOURCE_LOCKED for everyone else) and go with it;
 * exclusive consumers own their queue's consumption (ACCESS_REFUSED for others).
 */
class ExclusiveQueueIT extends BrokerTestCase {
    private Connection owner;
    private Channel ownerChannel;
    private String q;

    @BeforeEach
    void declareExclusiveQueueOnAnotherConnection() throws Exception {
        owner = newConnection();
        ownerChannel = owner.createChannel();
        q = unique("excl");
        ownerChannel.queueDeclare(q, false, true, false, null);
    }

    @AfterEach
    void closeOwner() {
        if (owner.isOpen()) {
            owner.abort(5_000);
        }
    }

    private void expectLocked(BrokerTestCase.ThrowingRunnable action) throws IOException {
        Exception e = assertThrows(Exception.class, action::run);
        String text = replyText(e);
        assertTrue(text.startsWith("RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '" + q
                + "' in vhost '/'"), text);
        expectChannelError(405);
    }

    @Test
    void anotherConnectionCannotDeclareIt() throws Exception {
        expectLocked(() -> channel.queueDeclare(q, false, true, false, null));
    }

    @Test
    void anotherConnectionCannotDeclareItPassively() throws Exception {
        expectLocked(() -> channel.queueDeclarePassive(q));
    }

    @Test
    void anotherConnectionCannotConsume() throws Exception {
        expectLocked(() -> channel.basicConsume(q, true, new Probes.Recorder(channel)));
    }

    @Test
    void anotherConnectionCannotGet() throws Exception {
        expectLocked(() -> channel.basicGet(q, true));
    }

    @Test
    void anotherConnectionCannotBind() throws Exception {
        expectLocked(() -> channel.queueBind(q, "amq.fanout", ""));
    }

    @Test
    void anotherConnectionCannotPurge() throws Exception {
        expectLocked(() -> channel.queuePurge(q));
    }

    @Test
    void anotherConnectionCannotDelete() throws Exception {
        expectLocked(() -> channel.queueDelete(q));
        assertEquals(0, ownerChannel.queueDeclarePassive(q).getMessageCount()); // still there for the owner
    }

    /**
     * RabbitMQ's RESOURCE_LOCKED text is long; with a long queue name it passes the 255-byte shortstr limit and
     * RabbitMQ cuts it to 252 bytes plus "..." (rabbit_binary_generator:amqp_exception_explanation). It must
     * stay a channel error, not break the connection.
     */
    @Test
    void aReplyTextLongerThan255BytesIsTruncated() throws Exception {
        String longName = "excl-" + "x".repeat(200);
        ownerChannel.queueDeclare(longName, false, true, false, null);
        IOException e = assertThrows(IOException.class, () -> channel.queueDeclarePassive(longName));
        String text = replyText(e);
        assertEquals(255, text.length(), text);
        assertTrue(text.startsWith("RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'excl-"), text);
        assertTrue(text.endsWith("..."), text);
        expectChannelError(405);
    }

    @Test
    void theOwnerUsesItFreely() throws Exception {
        ownerChannel.basicPublish("", q, null, body(1));
        assertEquals(1, ownerChannel.queuePurge(q).getMessageCount());
        ownerChannel.queueBind(q, "amq.fanout", "");
        var other = owner.createChannel(); // another channel of the owning connection
        other.queueDeclarePassive(q);
        other.basicGet(q, true);
    }

    @Test
    void theQueueIsDeletedWhenTheOwnerConnectionCloses() throws Exception {
        ownerChannel.basicPublish("", q, null, body(1));
        owner.close();
        Probes.awaitQueueGone(connection, q);
        // and the name is free again
        channel = connection.createChannel();
        assertEquals(0, channel.queueDeclare(q, false, false, true, null).getMessageCount());
    }

    @Test
    void aSecondConsumerOnAnExclusivelyConsumedQueueIsAccessRefused() throws Exception {
        String shared = channel.queueDeclare().getQueue();
        Channel first = connection.createChannel();
        first.basicConsume(shared, true, "", false, true, null, new Probes.Recorder(first));
        IOException e = assertThrows(IOException.class,
                () -> channel.basicConsume(shared, true, new Probes.Recorder(channel)));
        assertEquals("ACCESS_REFUSED - queue '" + shared + "' in vhost '/' in exclusive use", replyText(e));
        expectChannelError(403);
        assertEquals(1, channel.queueDeclarePassive(shared).getConsumerCount());
    }

    @Test
    void anExclusiveConsumerOnAQueueWithConsumersIsAccessRefused() throws Exception {
        String shared = channel.queueDeclare().getQueue();
        Channel first = connection.createChannel();
        first.basicConsume(shared, true, new Probes.Recorder(first));
        IOException e = assertThrows(IOException.class, () -> channel.basicConsume(shared, true, "", false, true,
                null, new Probes.Recorder(channel)));
        assertEquals("ACCESS_REFUSED - queue '" + shared + "' in vhost '/' in exclusive use", replyText(e));
        expectChannelError(403);
    }
}
