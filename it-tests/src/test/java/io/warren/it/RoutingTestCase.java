package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Helpers shared by the routing tests: unique exchanges and bound queues, publishing string bodies, and reading a
 * queue back with basic.get.
 *
 * <p>Why basic.get proves absence: a publish and a later basic.get on the same channel are handled in order (the
 * broker hands a channel's publishes to their queues before it processes the next method), so once
 * {@link #drain} returns, every message published earlier on {@link #channel} has either reached the queue or
 * was never routed to it.
 */
abstract class RoutingTestCase extends BrokerTestCase {
    protected static final long TIMEOUT_SECONDS = 5;

    /** Declares a transient exchange with a unique name. */
    protected String exchange(String type) throws IOException {
        return exchange(type, null);
    }

    protected String exchange(String type, Map<String, Object> arguments) throws IOException {
        String x = unique("x-" + type);
        channel.exchangeDeclare(x, type, false, false, arguments);
        return x;
    }

    /** A server-named exclusive queue bound to {@code exchange} with each key. */
    protected String boundQueue(String exchange, String... keys) throws IOException {
        String q = channel.queueDeclare().getQueue();
        for (String key : keys) {
            channel.queueBind(q, exchange, key);
        }
        return q;
    }

    protected void publish(String exchange, String routingKey, String body) throws IOException {
        publish(exchange, routingKey, null, body);
    }

    protected void publish(String exchange, String routingKey, AMQP.BasicProperties props, String body)
            throws IOException {
        channel.basicPublish(exchange, routingKey, props, body.getBytes(StandardCharsets.UTF_8));
    }

    protected void publishMandatory(String exchange, String routingKey, String body) throws IOException {
        channel.basicPublish(exchange, routingKey, true, null, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Every message in the queue, in order, removed with basic.get (auto-ack). */
    protected List<String> drain(String queue) throws IOException {
        List<String> bodies = new ArrayList<>();
        for (GetResponse r = channel.basicGet(queue, true); r != null; r = channel.basicGet(queue, true)) {
            bodies.add(body(r.getBody()));
        }
        return bodies;
    }

    /** The next message of the queue, which must be there. */
    protected GetResponse getOne(String queue) throws IOException {
        GetResponse r = channel.basicGet(queue, true);
        assertNotNull(r, "expected a message in " + queue);
        return r;
    }

    protected static String body(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Collects the channel's basic.return messages. */
    protected BlockingQueue<Return> recordReturns() {
        BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        channel.addReturnListener(returns::add);
        return returns;
    }

    /** The next returned message, waiting up to {@link #TIMEOUT_SECONDS}. */
    protected static Return nextReturn(BlockingQueue<Return> returns) throws InterruptedException {
        Return r = returns.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(r, "expected a basic.return");
        return r;
    }
}
