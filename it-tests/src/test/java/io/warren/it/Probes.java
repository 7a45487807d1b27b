package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Small helpers shared by the queue, consume, ack, confirm and tx tests. */
public final class Probes {
    static final long TIMEOUT_SECONDS = 5;

    private Probes() {
    }

    /** A server-named queue that is neither exclusive nor auto-delete (queueDeclare() gives both). */
    static String plainQueue(Channel ch) throws IOException {
        return ch.queueDeclare("", false, false, false, null).getQueue();
    }

    static byte[] body(int i) {
        return Integer.toString(i).getBytes(StandardCharsets.UTF_8);
    }

    static int number(byte[] body) {
        return Integer.parseInt(new String(body, StandardCharsets.UTF_8));
    }

    /** The shutdown signal behind a failed synchronous call or a closed channel. */
    public static ShutdownSignalException signalOf(Throwable t) {
        Throwable c = t;
        while (c != null && !(c instanceof ShutdownSignalException)) {
            c = c.getCause();
        }
        assertNotNull(c, "expected a ShutdownSignalException, got " + t);
        return (ShutdownSignalException) c;
    }

    /** The reply text of the channel.close or connection.close the broker sent. */
    public static String replyText(Throwable t) {
        ShutdownSignalException sse = signalOf(t);
        Object reason = sse.getReason();
        if (reason instanceof AMQP.Channel.Close cc) {
            return cc.getReplyText();
        }
        if (reason instanceof AMQP.Connection.Close cc) {
            return cc.getReplyText();
        }
        fail("the connection was lost without a close method: " + sse.getCause(), sse);
        return null;
    }

    public static String replyText(Channel closed) {
        assertTrue(!closed.isOpen(), "the channel should be closed");
        return replyText(closed.getCloseReason());
    }

    /**
     * Repeats passive declares (one fresh channel each, no sleeping: each is a round trip) until the queue is
     * reported missing (404), failing after the deadline. RESOURCE_LOCKED counts as "still there".
     */
    static void awaitQueueGone(Connection c, String queue) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Channel ch = c.createChannel();
            try {
                ch.queueDeclarePassive(queue);
                ch.close();
            } catch (IOException e) {
                Object reason = signalOf(e).getReason();
                if (reason instanceof AMQP.Channel.Close cc && cc.getReplyCode() == 404) {
                    return;
                }
                if (!(reason instanceof AMQP.Channel.Close cc && cc.getReplyCode() == 405)) {
                    throw e; // 405: an exclusive queue whose owner is still going away
                }
            }
        }
        fail("queue '" + queue + "' still exists after " + TIMEOUT_SECONDS + " s");
    }

    /** A consumer that records deliveries, cancel-ok and broker-initiated cancels, in dispatch order. */
    static class Recorder extends DefaultConsumer {
        final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        final CountDownLatch cancelOk = new CountDownLatch(1);
        final CountDownLatch cancelledByBroker = new CountDownLatch(1);
        final CountDownLatch consumeOk = new CountDownLatch(1);
        /** How many deliveries had been dispatched when cancel-ok was: cancel-ok is the ordered marker. */
        volatile int deliveredAtCancelOk = -1;
        private int delivered;

        Recorder(Channel channel) {
            super(channel);
        }

        @Override
        public void handleConsumeOk(String consumerTag) {
            super.handleConsumeOk(consumerTag);
            consumeOk.countDown();
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                throws IOException {
            delivered++;
            deliveries.add(new Delivery(envelope, props, body));
            onDelivery(envelope, body);
        }

        /** Hook for consumers that ack as they go. */
        void onDelivery(Envelope envelope, byte[] body) throws IOException {
        }

        @Override
        public void handleCancelOk(String consumerTag) {
            deliveredAtCancelOk = delivered;
            cancelOk.countDown();
        }

        @Override
        public void handleCancel(String consumerTag) {
            cancelledByBroker.countDown();
        }

        Delivery take() throws InterruptedException {
            Delivery d = deliveries.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(d, "no delivery within " + TIMEOUT_SECONDS + " s");
            return d;
        }

        /** Cancels and waits for cancel-ok; returns the deliveries dispatched before it. */
        int cancelAndCount(String tag) throws Exception {
            getChannel().basicCancel(tag);
            assertTrue(cancelOk.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "no cancel-ok");
            return deliveredAtCancelOk;
        }
    }

    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "timed out waiting for " + what);
    }
}
