package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** basic.get: get-ok with the remaining count, get-empty, and no-ack versus ack mode. */
class BasicGetIT extends BrokerTestCase {

    private String queueWith(int n) throws IOException {
        String q = Probes.plainQueue(channel);
        for (int i = 1; i <= n; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        return q;
    }

    @Test
    void getOkCarriesTheMessagesRemaining() throws Exception {
        String q = queueWith(3);
        for (int i = 1; i <= 3; i++) {
            GetResponse r = channel.basicGet(q, true);
            assertEquals(i, number(r.getBody()));
            assertEquals(3 - i, r.getMessageCount());
            assertFalse(r.getEnvelope().isRedeliver());
            assertEquals("", r.getEnvelope().getExchange());
            assertEquals(q, r.getEnvelope().getRoutingKey());
        }
    }

    @Test
    void anEmptyQueueAnswersGetEmpty() throws Exception {
        String q = Probes.plainQueue(channel);
        assertNull(channel.basicGet(q, true));
        assertNull(channel.basicGet(q, false));
    }

    @Test
    void noAckGetRemovesTheMessageForGood() throws Exception {
        String q = queueWith(1);
        Channel ch = connection.createChannel();
        assertEquals(1, number(ch.basicGet(q, true).getBody()));
        ch.close();
        assertNull(channel.basicGet(q, true));
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }

    @Test
    void unackedGetIsRequeuedOnChannelCloseAndComesBackRedelivered() throws Exception {
        String q = queueWith(2);
        Channel ch = connection.createChannel();
        GetResponse first = ch.basicGet(q, false);
        assertEquals(1, number(first.getBody()));
        assertEquals(1, first.getMessageCount());
        assertFalse(first.getEnvelope().isRedeliver());
        ch.close();

        GetResponse again = channel.basicGet(q, false);
        assertEquals(1, number(again.getBody()));
        assertTrue(again.getEnvelope().isRedeliver());
        assertEquals(1, again.getMessageCount());
        GetResponse second = channel.basicGet(q, false);
        assertEquals(2, number(second.getBody()));
        assertFalse(second.getEnvelope().isRedeliver());
    }

    @Test
    void ackedGetIsGone() throws Exception {
        String q = queueWith(1);
        Channel ch = connection.createChannel();
        GetResponse r = ch.basicGet(q, false);
        assertNotNull(r);
        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        ch.close();
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void deliveryTagsCountUpPerChannel() throws Exception {
        String q = queueWith(3);
        assertEquals(1, channel.basicGet(q, false).getEnvelope().getDeliveryTag());
        assertEquals(2, channel.basicGet(q, true).getEnvelope().getDeliveryTag());
        assertEquals(3, channel.basicGet(q, false).getEnvelope().getDeliveryTag());
    }

    @Test
    void getFromAMissingQueueIsNotFound() throws Exception {
        String q = unique("nope");
        IOException e = assertThrows(IOException.class, () -> channel.basicGet(q, true));
        assertEquals("NOT_FOUND - no queue '" + q + "' in vhost '/'", replyText(e));
        expectChannelError(404);
    }
}
