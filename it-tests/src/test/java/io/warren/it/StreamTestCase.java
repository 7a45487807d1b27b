package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.warren.broker.queue.StreamQueue;
import io.warren.broker.queue.StreamStats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Helpers for the stream tests: declaring, publishing with confirms, and consuming with offsets. */
abstract class StreamTestCase extends BrokerTestCase {
    static final long TIMEOUT_SECONDS = 5;

    /** One delivery: the body as text and the x-stream-offset header. */
    record Got(String body, long offset, long deliveryTag, AMQP.BasicProperties props, boolean redelivered) {
    }

    String declareStream(Map<String, Object> extra) throws IOException {
        String q = unique("stream");
        declareStream(channel, q, extra);
        return q;
    }

    static void declareStream(Channel ch, String q, Map<String, Object> extra) throws IOException {
        Map<String, Object> args = new HashMap<>(extra);
        args.put("x-queue-type", "stream");
        ch.queueDeclare(q, true, false, false, args);
    }

    /** Publishes {@code prefix0..prefix(n-1)} to the stream and waits for the confirms. */
    static void publish(Channel ch, String q, String prefix, int n) throws Exception {
        ch.confirmSelect();
        for (int i = 0; i < n; i++) {
            ch.basicPublish("", q, null, (prefix + i).getBytes(StandardCharsets.UTF_8));
        }
        ch.waitForConfirmsOrDie(TIMEOUT_SECONDS * 1000);
    }

    /** A consumer that records every delivery and, unless told otherwise, acknowledges it. */
    static final class Recorder extends DefaultConsumer {
        final BlockingQueue<Got> deliveries = new LinkedBlockingQueue<>();
        /** How many more deliveries to acknowledge (the rest stay unacknowledged). */
        volatile int ackBudget = Integer.MAX_VALUE;

        Recorder(Channel ch) {
            super(ch);
        }

        @Override
        public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                throws IOException {
            Object offset = props.getHeaders() == null ? null : props.getHeaders().get("x-stream-offset");
            deliveries.add(new Got(new String(body, StandardCharsets.UTF_8), offset == null ? -1 : (Long) offset,
                    env.getDeliveryTag(), props, env.isRedeliver()));
            if (ackBudget > 0) {
                ackBudget--;
                getChannel().basicAck(env.getDeliveryTag(), false);
            }
        }

        /** The next {@code n} deliveries (failing after the timeout). */
        List<Got> take(int n) throws InterruptedException {
            List<Got> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Got g = deliveries.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(g, "delivery " + (i + 1) + " of " + n + " did not come; got " + out);
                out.add(g);
            }
            return out;
        }

        /** Asserts that nothing more arrives within a short poll. */
        void expectNothing() throws InterruptedException {
            assertNull(deliveries.poll(300, TimeUnit.MILLISECONDS), "unexpected delivery");
        }
    }

    /** Starts a manual-ack consumer with prefetch {@code prefetch} and the given arguments. */
    static Recorder consume(Channel ch, String q, int prefetch, Map<String, Object> args) throws IOException {
        return consume(ch, q, prefetch, args, Integer.MAX_VALUE);
    }

    /** As above, acknowledging only the first {@code acks} deliveries. */
    static Recorder consume(Channel ch, String q, int prefetch, Map<String, Object> args, int acks)
            throws IOException {
        ch.basicQos(prefetch);
        Recorder r = new Recorder(ch);
        r.ackBudget = acks;
        ch.basicConsume(q, false, args, r);
        return r;
    }

    static Map<String, Object> offset(Object spec) {
        return Map.of("x-stream-offset", spec);
    }

    static List<String> bodies(List<Got> got) {
        return got.stream().map(Got::body).toList();
    }

    static List<Long> offsets(List<Got> got) {
        return got.stream().map(Got::offset).toList();
    }

    /** What management would show of the stream. */
    static StreamStats.Snapshot stats(String q) {
        return ((StreamQueue) broker.broker().vhost("/").queue(q)).streamStats().snapshot();
    }
}
