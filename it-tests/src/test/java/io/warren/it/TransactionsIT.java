package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tx.select, commit and rollback for publishes and acks. */
class TransactionsIT extends BrokerTestCase {

    @Test
    void publishesAreInvisibleUntilCommit() throws Exception {
        String q = Probes.plainQueue(channel);
        Channel tx = connection.createChannel();
        tx.txSelect();
        for (int i = 1; i <= 3; i++) {
            tx.basicPublish("", q, null, body(i));
        }
        tx.basicQos(0); // round trip: the publishes have been processed
        assertNull(channel.basicGet(q, true));
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
        tx.txCommit();
        assertEquals(3, channel.queueDeclarePassive(q).getMessageCount());
        for (int i = 1; i <= 3; i++) {
            assertEquals(i, number(channel.basicGet(q, true).getBody()));
        }
    }

    @Test
    void rollbackDiscardsPublishes() throws Exception {
        String q = Probes.plainQueue(channel);
        Channel tx = connection.createChannel();
        tx.txSelect();
        tx.basicPublish("", q, null, body(1));
        tx.txRollback();
        tx.basicPublish("", q, null, body(2));
        tx.txCommit();
        GetResponse r = channel.basicGet(q, true);
        assertEquals(2, number(r.getBody()));
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void anAckTakesEffectOnlyOnCommit() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.basicPublish("", q, null, body(1));
        Channel tx = connection.createChannel();
        tx.txSelect();
        long tag = tx.basicGet(q, false).getEnvelope().getDeliveryTag();
        tx.basicAck(tag, false);
        tx.txCommit();
        tx.close();
        assertNull(channel.basicGet(q, true)); // acked for good
    }

    @Test
    void aRolledBackAckLeavesTheMessageUnacked() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.basicPublish("", q, null, body(1));
        Channel tx = connection.createChannel();
        tx.txSelect();
        long tag = tx.basicGet(q, false).getEnvelope().getDeliveryTag();
        tx.basicAck(tag, false);
        tx.txRollback();
        tx.close(); // still unacked: requeued
        GetResponse r = channel.basicGet(q, true);
        assertNotNull(r);
        assertEquals(1, number(r.getBody()));
        assertTrue(r.getEnvelope().isRedeliver());
    }

    @Test
    void aRolledBackAckCanBeAckedAgain() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.basicPublish("", q, null, body(1));
        Channel tx = connection.createChannel();
        tx.txSelect();
        long tag = tx.basicGet(q, false).getEnvelope().getDeliveryTag();
        tx.basicAck(tag, false);
        tx.txRollback();
        tx.basicAck(tag, false);
        tx.txCommit();
        tx.close();
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void commitWithoutSelectIsPreconditionFailed() throws Exception {
        IOException e = assertThrows(IOException.class, () -> channel.txCommit());
        assertEquals("PRECONDITION_FAILED - channel is not transactional", replyText(e));
        expectChannelError(406);
    }

    @Test
    void rollbackWithoutSelectIsPreconditionFailed() throws Exception {
        IOException e = assertThrows(IOException.class, () -> channel.txRollback());
        assertEquals("PRECONDITION_FAILED - channel is not transactional", replyText(e));
        expectChannelError(406);
    }

    @Test
    void anUnroutableMandatoryPublishIsReturnedAtCommit() throws Exception {
        BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        channel.addReturnListener(returns::add);
        channel.txSelect();
        channel.basicPublish("amq.direct", "nobody-home", true, null, body(1));
        channel.basicQos(0); // a return sent now would be dispatched before qos-ok
        assertNull(returns.poll());
        channel.txCommit();
        Return r = returns.poll(Probes.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(r, "no basic.return after commit");
        assertEquals(312, r.getReplyCode());
        assertEquals("NO_ROUTE", r.getReplyText());
        assertEquals("nobody-home", r.getRoutingKey());
        assertEquals(1, number(r.getBody()));
    }
}
