package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * basic.qos as RabbitMQ 3.x implements it: global=false limits each consumer created afterwards, global=true
 * the whole channel; 0 is unlimited. "No more than N" is shown by the queue's ready count from a second channel
 * and by cancel-ok, which the client dispatches after every delivery that preceded it.
 */
class QosIT extends BrokerTestCase {

    private String queueWith(int n) throws IOException {
        String q = Probes.plainQueue(channel);
        publish(q, n);
        return q;
    }

    private void publish(String q, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            channel.basicPublish("", q, null, body(i));
        }
    }

    private int ready(String q) throws IOException {
        return channel.queueDeclarePassive(q).getMessageCount();
    }

    @Test
    void perConsumerPrefetchLimitsUnackedDeliveries() throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(3);
        String q = queueWith(0);
        var recorder = new Probes.Recorder(ch);
        String tag = ch.basicConsume(q, false, recorder);
        publish(q, 10);
        Delivery first = recorder.take();
        recorder.take();
        recorder.take();
        assertEquals(7, ready(q));

        ch.basicAck(first.getEnvelope().getDeliveryTag(), false); // one more may come, and only one
        assertEquals(3, number(recorder.take().getBody()));
        assertEquals(6, ready(q));
        assertEquals(4, recorder.cancelAndCount(tag));
    }

    @Test
    void perConsumerPrefetchAppliesToEachConsumerOfTheChannel() throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(2);
        String q1 = queueWith(0);
        String q2 = queueWith(0);
        var r1 = new Probes.Recorder(ch);
        var r2 = new Probes.Recorder(ch);
        String t1 = ch.basicConsume(q1, false, r1);
        String t2 = ch.basicConsume(q2, false, r2);
        publish(q1, 10);
        publish(q2, 10);
        for (int i = 0; i < 2; i++) {
            r1.take();
            r2.take();
        }
        assertEquals(8, ready(q1));
        assertEquals(8, ready(q2));
        assertEquals(2, r1.cancelAndCount(t1));
        assertEquals(2, r2.cancelAndCount(t2));
    }

    @Test
    void globalPrefetchLimitsTheWholeChannel() throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(5, true);
        String q1 = queueWith(0);
        String q2 = queueWith(0);
        CountDownLatch five = new CountDownLatch(5);
        var r1 = counting(ch, five);
        var r2 = counting(ch, five);
        String t1 = ch.basicConsume(q1, false, r1);
        String t2 = ch.basicConsume(q2, false, r2);
        publish(q1, 10);
        publish(q2, 10);
        Probes.await(five, "5 deliveries");
        assertEquals(15, ready(q1) + ready(q2));
        assertEquals(5, r1.cancelAndCount(t1) + r2.cancelAndCount(t2));
    }

    private static Probes.Recorder counting(Channel ch, CountDownLatch latch) {
        return new Probes.Recorder(ch) {
            @Override
            void onDelivery(Envelope envelope, byte[] body) {
                latch.countDown();
            }
        };
    }

    @Test
    void prefetchZeroIsUnlimited() throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(0);
        String q = queueWith(0);
        var recorder = new Probes.Recorder(ch);
        String tag = ch.basicConsume(q, false, recorder);
        publish(q, 200);
        for (int i = 0; i < 200; i++) {
            assertEquals(i, number(recorder.take().getBody()));
        }
        assertEquals(0, ready(q));
        assertEquals(200, recorder.cancelAndCount(tag));
    }

    @Test
    void raisingGlobalPrefetchTakesEffectAtOnce() throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(2, true);
        String q = queueWith(0);
        var recorder = new Probes.Recorder(ch);
        String tag = ch.basicConsume(q, false, recorder);
        publish(q, 10);
        recorder.take();
        recorder.take();
        assertEquals(8, ready(q));
        ch.basicQos(5, true); // no ack needed: three more come
        for (int i = 2; i < 5; i++) {
            assertEquals(i, number(recorder.take().getBody()));
        }
        assertEquals(5, ready(q));
        assertEquals(5, recorder.cancelAndCount(tag));
    }

    @Test
    void perConsumerPrefetchOnlyAffectsConsumersCreatedAfterIt() throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(1);
        String q = queueWith(0);
        var recorder = new Probes.Recorder(ch);
        String tag = ch.basicConsume(q, false, recorder);
        publish(q, 10);
        recorder.take();
        ch.basicQos(4); // the existing consumer keeps its limit of 1
        assertEquals(9, ready(q));
        assertEquals(1, recorder.cancelAndCount(tag));
    }

    @Test
    void prefetchSizeIsNotImplemented() throws Exception {
        IOException e = assertThrows(IOException.class, () -> channel.basicQos(1024, 10, false));
        assertEquals("NOT_IMPLEMENTED - prefetch_size!=0 (1024)", replyText(e));
        expectConnectionError(540);
    }
}
