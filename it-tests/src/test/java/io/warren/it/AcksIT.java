package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** basic.ack, nack, reject and recover, and requeue on channel and connection close. */
class AcksIT extends BrokerTestCase {

    private String queueWith(int n) throws IOException {
        String q = Probes.plainQueue(channel);
        for (int i = 1; i <= n; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        return q;
    }

    /** Gets {@code n} messages unacked on {@code ch}; their delivery tags are 1..n. */
    private static void getUnacked(Channel ch, String q, int n) throws IOException {
        for (int i = 1; i <= n; i++) {
            GetResponse r = ch.basicGet(q, false);
            assertEquals(i, r.getEnvelope().getDeliveryTag());
        }
    }

    /** Drains the queue with no-ack gets, asserting bodies and redelivered flags. */
    private void expectInQueue(String q, int[] bodies, boolean[] redelivered) throws IOException {
        for (int i = 0; i < bodies.length; i++) {
            GetResponse r = channel.basicGet(q, true);
            assertEquals(bodies[i], number(r.getBody()), "message " + i);
            assertEquals(redelivered[i], r.getEnvelope().isRedeliver(), "redelivered flag of " + bodies[i]);
        }
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void singleAckRemovesOnlyThatMessage() throws Exception {
        String q = queueWith(3);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 3);
        ch.basicAck(2, false);
        ch.close();
        expectInQueue(q, new int[] {1, 3}, new boolean[] {true, true});
    }

    @Test
    void multipleAckRemovesEverythingUpToTheTag() throws Exception {
        String q = queueWith(5);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 5);
        ch.basicAck(3, true);
        ch.close();
        expectInQueue(q, new int[] {4, 5}, new boolean[] {true, true});
    }

    @Test
    void multipleAckWithTagZeroAcksEverything() throws Exception {
        String q = queueWith(4);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 4);
        ch.basicAck(0, true);
        ch.close();
        expectInQueue(q, new int[0], new boolean[0]);
    }

    @Test
    void multipleNackWithRequeueBringsMessagesBackInOrder() throws Exception {
        String q = queueWith(6);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 5);
        ch.basicNack(5, true, true);
        ch.basicQos(0); // round trip
        expectInQueue(q, new int[] {1, 2, 3, 4, 5, 6}, new boolean[] {true, true, true, true, true, false});
    }

    @Test
    void nackWithoutRequeueDrops() throws Exception {
        String q = queueWith(3);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 2);
        ch.basicNack(2, true, false);
        ch.close();
        expectInQueue(q, new int[] {3}, new boolean[] {false});
    }

    @Test
    void rejectWithRequeuePutsTheMessageBack() throws Exception {
        String q = queueWith(2);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 1);
        ch.basicReject(1, true);
        GetResponse again = ch.basicGet(q, false);
        assertEquals(1, number(again.getBody()));
        assertTrue(again.getEnvelope().isRedeliver());
        assertEquals(2, again.getEnvelope().getDeliveryTag());
    }

    @Test
    void rejectWithoutRequeueDrops() throws Exception {
        String q = queueWith(2);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 1);
        ch.basicReject(1, false);
        ch.close();
        expectInQueue(q, new int[] {2}, new boolean[] {false});
    }

    @Test
    void recoverWithRequeueRedeliversEverythingUnacked() throws Exception {
        String q = queueWith(0);
        Channel ch = connection.createChannel();
        var recorder = new Probes.Recorder(ch);
        ch.basicConsume(q, false, recorder);
        for (int i = 1; i <= 3; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        for (int i = 1; i <= 3; i++) {
            assertFalse(recorder.take().getEnvelope().isRedeliver());
        }
        ch.basicRecover(true);
        for (int i = 1; i <= 3; i++) {
            Delivery d = recorder.take();
            assertEquals(i, number(d.getBody()));
            assertTrue(d.getEnvelope().isRedeliver());
        }
    }

    /** rabbit_channel: basic.recover(requeue=false) is NOT_IMPLEMENTED "requeue=false", a connection error. */
    @Test
    void recoverWithoutRequeueIsNotImplemented() throws Exception {
        IOException e = assertThrows(IOException.class, () -> channel.basicRecover(false));
        assertEquals("NOT_IMPLEMENTED - requeue=false", replyText(e));
        expectConnectionError(540);
    }

    @Test
    void unackedConsumerDeliveriesAreRequeuedWhenTheChannelCloses() throws Exception {
        String q = queueWith(0);
        Channel ch = connection.createChannel();
        var recorder = new Probes.Recorder(ch);
        ch.basicConsume(q, false, recorder);
        channel.basicPublish("", q, null, body(1));
        channel.basicPublish("", q, null, body(2));
        recorder.take();
        recorder.take();
        ch.close();
        expectInQueue(q, new int[] {1, 2}, new boolean[] {true, true});
    }

    @Test
    void unackedDeliveriesAreRequeuedWhenTheConnectionCloses() throws Exception {
        String q = queueWith(0);
        Connection other = newConnection();
        Channel ch = other.createChannel();
        var recorder = new Probes.Recorder(ch);
        ch.basicQos(2);
        ch.basicConsume(q, false, recorder);
        for (int i = 1; i <= 3; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        recorder.take();
        recorder.take();
        other.close();
        expectInQueue(q, new int[] {1, 2, 3}, new boolean[] {true, true, false});
    }

    @Test
    void requeuedMessagesKeepTheirPlaceBeforeNeverDeliveredOnes() throws Exception {
        String q = queueWith(10);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 3);
        ch.close();
        boolean[] redelivered = new boolean[10];
        int[] bodies = new int[10];
        for (int i = 0; i < 10; i++) {
            bodies[i] = i + 1;
            redelivered[i] = i < 3;
        }
        expectInQueue(q, bodies, redelivered);
    }

    @Test
    void requeueOfOutOfOrderRejectsRestoresOriginalOrder() throws Exception {
        String q = queueWith(5);
        Channel ch = connection.createChannel();
        getUnacked(ch, q, 4);
        ch.basicReject(3, true);
        ch.basicReject(1, true);
        ch.basicAck(2, false);
        ch.basicQos(0); // round trip
        expectInQueue(q, new int[] {1, 3, 5}, new boolean[] {true, true, false});
    }
}
