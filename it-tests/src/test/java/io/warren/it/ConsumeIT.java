package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** basic.consume and basic.cancel: tags, round-robin, no-ack, cancel, consumer cancel notify. */
class ConsumeIT extends BrokerTestCase {

    @Test
    void serverGeneratesConsumerTagsWithAmqCtagPrefix() throws Exception {
        String q = Probes.plainQueue(channel);
        String a = channel.basicConsume(q, true, new Probes.Recorder(channel));
        String b = channel.basicConsume(q, true, new Probes.Recorder(channel));
        assertTrue(a.startsWith("amq.ctag-"), a);
        assertTrue(b.startsWith("amq.ctag-"), b);
        assertFalse(a.equals(b));
    }

    @Test
    void clientChosenTagIsKept() throws Exception {
        String q = Probes.plainQueue(channel);
        var recorder = new Probes.Recorder(channel);
        assertEquals("my-tag", channel.basicConsume(q, true, "my-tag", recorder));
        channel.basicPublish("", q, null, body(1));
        assertEquals(1, number(recorder.take().getBody()));
        assertEquals("my-tag", recorder.getConsumerTag());
    }

    /** Consume-ok must precede the first delivery even when the queue already holds messages. */
    @Test
    void consumeOkComesBeforeTheFirstDeliveryOfABackloggedQueue() throws Exception {
        for (int round = 0; round < 20; round++) {
            String q = Probes.plainQueue(channel);
            for (int i = 0; i < 50; i++) {
                channel.basicPublish("", q, null, body(i));
            }
            var recorder = new Probes.Recorder(channel);
            channel.basicConsume(q, true, recorder); // an early delivery kills the connection ("Unsolicited")
            assertEquals(0, number(recorder.take().getBody()));
        }
    }

    @Test
    void twoConsumersShareAQueueFairlyAndEachMessageIsDeliveredOnce() throws Exception {
        String q = Probes.plainQueue(channel);
        int total = 1000;
        CountDownLatch all = new CountDownLatch(total);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger[] perConsumer = {new AtomicInteger(), new AtomicInteger()};
        for (int i = 0; i < 2; i++) {
            Channel ch = connection.createChannel();
            ch.basicQos(1);
            AtomicInteger count = perConsumer[i];
            var recorder = new Probes.Recorder(ch) {
                @Override
                void onDelivery(Envelope envelope, byte[] body) throws IOException {
                    if (!seen.add(number(body)) || envelope.isRedeliver()) {
                        duplicates.incrementAndGet();
                    }
                    count.incrementAndGet();
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                    all.countDown();
                }
            };
            ch.basicConsume(q, false, recorder);
        }
        for (int i = 0; i < total; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        Probes.await(all, total + " deliveries");
        assertEquals(0, duplicates.get());
        assertEquals(total, seen.size());
        int a = perConsumer[0].get();
        int b = perConsumer[1].get();
        assertEquals(total, a + b);
        assertTrue(a >= 350 && b >= 350, "unfair split " + a + "/" + b);
    }

    @Test
    void noAckConsumerLeavesNothingUnacked() throws Exception {
        String q = Probes.plainQueue(channel);
        Channel ch = connection.createChannel();
        var recorder = new Probes.Recorder(ch);
        ch.basicConsume(q, true, recorder);
        for (int i = 0; i < 10; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(i, number(recorder.take().getBody()));
        }
        ch.close(); // nothing to requeue
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void cancelStopsDeliveriesAndUnackedOnesCanStillBeAcked() throws Exception {
        String q = Probes.plainQueue(channel);
        Channel ch = connection.createChannel();
        var recorder = new Probes.Recorder(ch);
        String tag = ch.basicConsume(q, false, recorder);
        channel.basicPublish("", q, null, body(1));
        Delivery first = recorder.take();
        assertEquals(1, recorder.cancelAndCount(tag));

        channel.basicPublish("", q, null, body(2));
        assertEquals(2, number(channel.basicGet(q, true).getBody())); // nobody took it
        ch.basicAck(first.getEnvelope().getDeliveryTag(), false);
        ch.basicQos(0); // round trip: the ack was accepted
        ch.close();
        assertNull(channel.basicGet(q, true)); // acked, so not requeued by the close
        assertTrue(recorder.deliveries.isEmpty());
    }

    @Test
    void reusingAConsumerTagOnAChannelIsNotAllowed() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.basicConsume(q, true, "dup", new Probes.Recorder(channel));
        IOException e = assertThrows(IOException.class,
                () -> channel.basicConsume(q, true, "dup", new Probes.Recorder(channel)));
        assertEquals("NOT_ALLOWED - attempt to reuse consumer tag 'dup'", replyText(e));
        expectConnectionError(530);
    }

    @Test
    void theSameTagOnAnotherChannelIsFine() throws Exception {
        String q = Probes.plainQueue(channel);
        Channel other = connection.createChannel();
        channel.basicConsume(q, true, "same", new Probes.Recorder(channel));
        other.basicConsume(q, true, "same", new Probes.Recorder(other));
        assertEquals(2, channel.queueDeclarePassive(q).getConsumerCount());
    }

    @Test
    void deletingTheQueueCancelsItsConsumers() throws Exception {
        String q = unique("cancel-notify");
        channel.queueDeclare(q, false, false, false, null);
        Channel ch = connection.createChannel();
        var recorder = new Probes.Recorder(ch);
        ch.basicConsume(q, true, recorder);
        channel.queueDelete(q);
        Probes.await(recorder.cancelledByBroker, "basic.cancel from the broker");
        assertTrue(ch.isOpen());
        ch.basicQos(0); // the channel still works
    }

    @Test
    void consumingFromAMissingQueueIsNotFound() throws Exception {
        String q = unique("absent");
        IOException e = assertThrows(IOException.class,
                () -> channel.basicConsume(q, true, new Probes.Recorder(channel)));
        assertEquals("NOT_FOUND - no queue '" + q + "' in vhost '/'", replyText(e));
        expectChannelError(404);
    }
}
