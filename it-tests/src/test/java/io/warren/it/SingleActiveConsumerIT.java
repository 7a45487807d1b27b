package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code x-single-active-consumer}: of a queue's consumers only the earliest registered receives; the next takes
 * over when it goes, after what it still held is settled, so the queue's order holds across the handover. Each
 * sequence was first run against RabbitMQ 3.10 with the same expectations.
 */
class SingleActiveConsumerIT extends BrokerTestCase {
    private static final Map<String, Object> SAC = Map.of("x-single-active-consumer", true);

    /** A consumer on its own channel that records what it receives (as "body:redelivered") without acking. */
    private record Recorder(Channel channel, String tag, BlockingQueue<Delivery> got) {
        List<String> take(int n) throws InterruptedException {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Delivery d = got.poll(5, TimeUnit.SECONDS);
                assertNotNull(d, "delivery " + (i + 1) + " of " + n + "; got " + out);
                out.add(new String(d.getBody(), StandardCharsets.UTF_8) + (d.getEnvelope().isRedeliver() ? ":r" : ""));
            }
            return out;
        }
    }

    private Recorder consume(String q, int prefetch) throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(prefetch);
        BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
        String tag = ch.basicConsume(q, false, (t, d) -> got.add(d), t -> { });
        return new Recorder(ch, tag, got);
    }

    private void publish(String q, String... bodies) throws Exception {
        channel.confirmSelect();
        for (String b : bodies) {
            channel.basicPublish("", q, null, b.getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(5_000);
    }

    /** Ready messages, counted on the queue's loop after every delivery it had scheduled. */
    private int ready(String q) throws Exception {
        return channel.queueDeclarePassive(q).getMessageCount();
    }

    @Test
    void onlyTheFirstConsumerReceivesWhileItIsThere() throws Exception {
        String q = unique("sac");
        channel.queueDeclare(q, false, false, true, SAC);
        Recorder first = consume(q, 100);
        Recorder second = consume(q, 100);
        assertEquals(2, channel.queueDeclarePassive(q).getConsumerCount(), "both are registered");
        publish(q, "m0", "m1", "m2", "m3");
        assertEquals(List.of("m0", "m1", "m2", "m3"), first.take(4), "every message to the active consumer");
        assertTrue(second.got().isEmpty());
    }

    @Test
    void theNextConsumerTakesOverWithWhatThePreviousOneLeftInOrder() throws Exception {
        String q = unique("sac");
        channel.queueDeclare(q, false, false, true, SAC);
        Recorder first = consume(q, 1);
        Recorder second = consume(q, 10);
        publish(q, "m0", "m1", "m2");
        assertEquals(List.of("m0"), first.take(1));
        first.channel().basicCancel(first.tag());
        assertEquals(2, ready(q), "the successor waits while m0 is unsettled");
        first.channel().close();                    // m0 goes back to the queue, at its place
        assertEquals(List.of("m0:r", "m1", "m2"), second.take(3));
    }

    @Test
    void anAckOfWhatTheCancelledConsumerHeldLetsTheNextOneTakeOver() throws Exception {
        String q = unique("sac");
        channel.queueDeclare(q, false, false, true, SAC);
        Recorder first = consume(q, 1);
        Recorder second = consume(q, 10);
        publish(q, "m0", "m1");
        assertEquals(List.of("m0"), first.take(1));
        first.channel().basicCancel(first.tag());
        assertEquals(1, ready(q));
        first.channel().basicAck(1, false);
        assertEquals(List.of("m1"), second.take(1));
    }

    @Test
    void aNonBooleanValueOrAnotherValueOnRedeclareIsRefused() throws Exception {
        String q = unique("sac");
        assertEquals(406, replyCodeOf(() -> connection.createChannel().queueDeclare(q, false, false, true,
                Map.of("x-single-active-consumer", "true"))));
        channel.queueDeclare(q, false, false, true, SAC);
        channel.queueDeclare(q, false, false, true, SAC);      // the same again is fine
        assertThrows(Exception.class, () -> channel.queueDeclare(q, false, false, true, Map.of()));
        expectChannelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-single-active-consumer' for queue '"
                + q + "' in vhost '/': received none but current is the value 'true' of type 'bool'");
        assertThrows(Exception.class, () -> channel.queueDeclare(q, false, false, true,
                Map.of("x-single-active-consumer", false)));
        expectChannelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-single-active-consumer' for queue '"
                + q + "' in vhost '/': received 'false' but current is 'true'");
    }

    /** RabbitMQ 3.10 takes no exclusive consumer on such a queue, whether it has consumers yet or not. */
    @Test
    void anExclusiveConsumerIsRefusedWithOrWithoutOtherConsumers() throws Exception {
        String q = unique("sac");
        channel.queueDeclare(q, false, false, true, SAC);
        assertThrows(Exception.class, () -> channel.basicConsume(q, false, "x1", false, true, null, (t, d) -> { },
                t -> { }));
        expectChannelError(403, "ACCESS_REFUSED - queue '" + q + "' in vhost '/' in exclusive use");
        Recorder first = consume(q, 10);
        assertThrows(Exception.class, () -> channel.basicConsume(q, false, "x2", false, true, null, (t, d) -> { },
                t -> { }));
        expectChannelError(403, "ACCESS_REFUSED - queue '" + q + "' in vhost '/' in exclusive use");
        publish(q, "a");
        assertEquals(List.of("a"), first.take(1));
    }
}
