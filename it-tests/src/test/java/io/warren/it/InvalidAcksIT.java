package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acks of tags the channel does not hold close the channel with PRECONDITION_FAILED "unknown delivery tag N"
 * (0-9-1 §1.8.3.13; the lower-case text is matched by client libraries). As the Java client's InvalidAcks
 * tests, the error is asynchronous: {@link #expectChannelError} forces the round trip.
 */
class InvalidAcksIT extends BrokerTestCase {

    private String queueWith(int n) throws IOException {
        String q = Probes.plainQueue(channel);
        for (int i = 1; i <= n; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        return q;
    }

    private void expectUnknownTag(long tag) throws IOException {
        Channel failed = channel;
        expectChannelError(406);
        assertEquals("PRECONDITION_FAILED - unknown delivery tag " + tag, replyText(failed));
    }

    @Test
    void ackOfAnUnknownTag() throws Exception {
        channel.basicAck(42, false);
        expectUnknownTag(42);
    }

    @Test
    void doubleAck() throws Exception {
        String q = queueWith(1);
        long tag = channel.basicGet(q, false).getEnvelope().getDeliveryTag();
        channel.basicAck(tag, false);
        channel.basicAck(tag, false);
        expectUnknownTag(tag);
        assertNull(channel.basicGet(q, true)); // the first ack stood
    }

    @Test
    void multipleAckBeyondTheLastTagAcksNothing() throws Exception {
        String q = queueWith(2);
        channel.basicGet(q, false);
        channel.basicGet(q, false);
        channel.basicAck(5, true);
        expectUnknownTag(5);
        // RabbitMQ's collect_acks fails before acking anything: both come back with the closed channel
        GetResponse r = channel.basicGet(q, true);
        assertEquals(1, number(r.getBody()));
        assertTrue(r.getEnvelope().isRedeliver());
        assertEquals(2, number(channel.basicGet(q, true).getBody()));
    }

    @Test
    void nackOfAnUnknownTag() throws Exception {
        channel.basicNack(7, false, true);
        expectUnknownTag(7);
    }

    @Test
    void multipleNackOfAnUnknownTag() throws Exception {
        String q = queueWith(1);
        channel.basicGet(q, false);
        channel.basicNack(3, true, false);
        expectUnknownTag(3);
    }

    @Test
    void rejectOfAnUnknownTag() throws Exception {
        channel.basicReject(9, false);
        expectUnknownTag(9);
    }

    @Test
    void ackOfANoAckDeliveryIsUnknown() throws Exception {
        String q = queueWith(1);
        long tag = channel.basicGet(q, true).getEnvelope().getDeliveryTag();
        channel.basicAck(tag, false);
        expectUnknownTag(tag);
    }

    @Test
    void ackOnAnotherChannelThanTheDeliverysIsUnknown() throws Exception {
        String q = queueWith(1);
        Channel owner = connection.createChannel();
        long tag = owner.basicGet(q, false).getEnvelope().getDeliveryTag();
        channel.basicAck(tag, false);
        expectUnknownTag(tag);
        assertTrue(owner.isOpen());
        owner.close(); // still unacked on its own channel: requeued
        assertEquals(1, number(channel.basicGet(q, true).getBody()));
    }
}
