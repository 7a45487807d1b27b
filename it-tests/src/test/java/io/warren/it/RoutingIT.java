package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Direct, fanout and default-exchange routing; queue.bind/unbind and their errors; push delivery of routed messages. */
class RoutingIT extends RoutingTestCase {

    @Test
    void directRoutesOnTheExactKey() throws Exception {
        String x = exchange("direct");
        String qa = boundQueue(x, "a");
        String qb = boundQueue(x, "b");
        for (String key : List.of("a", "b", "c", "A", "a ", "", "a.b")) {
            publish(x, key, key);
        }
        assertEquals(List.of("a"), drain(qa));
        assertEquals(List.of("b"), drain(qb));
    }

    @Test
    void directDeliversToEveryQueueBoundWithTheKey() throws Exception {
        String x = exchange("direct");
        List<String> queues = List.of(boundQueue(x, "k"), boundQueue(x, "k"), boundQueue(x, "k"));
        String other = boundQueue(x, "other");
        publish(x, "k", "m1");
        for (String q : queues) {
            assertEquals(List.of("m1"), drain(q));
        }
        assertEquals(List.of(), drain(other));
    }

    @Test
    void aQueueBoundWithSeveralKeysGetsEachMessageOnce() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k1", "k2");
        channel.queueBind(q, x, "k1", Map.of("a", 1)); // another binding with the same key: still one copy
        publish(x, "k1", "one");
        publish(x, "k2", "two");
        assertEquals(List.of("one", "two"), drain(q));
    }

    @Test
    void bindingTwiceIsIdempotentAndOneUnbindRemovesIt() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k", "k");
        publish(x, "k", "m1");
        channel.queueUnbind(q, x, "k");
        publish(x, "k", "m2");
        assertEquals(List.of("m1"), drain(q));
    }

    @Test
    void fanoutIgnoresTheRoutingKey() throws Exception {
        String x = exchange("fanout");
        String q1 = boundQueue(x, "");
        String q2 = boundQueue(x, "some-key");
        publish(x, "", "m1");
        publish(x, "whatever.key", "m2");
        assertEquals(List.of("m1", "m2"), drain(q1));
        assertEquals(List.of("m1", "m2"), drain(q2));
    }

    @Test
    void defaultExchangeRoutesByQueueName() throws Exception {
        String q = channel.queueDeclare().getQueue();
        String other = channel.queueDeclare().getQueue();
        publish("", q, "to-q");
        publish("", q.toUpperCase(), "wrong-case");
        publish("", unique("no-such-queue"), "dropped");
        GetResponse r = getOne(q);
        assertEquals("to-q", body(r.getBody()));
        assertEquals("", r.getEnvelope().getExchange());
        assertEquals(q, r.getEnvelope().getRoutingKey());
        assertEquals(List.of(), drain(q));
        assertEquals(List.of(), drain(other));
    }

    @Test
    void deliveredEnvelopeCarriesThePublishedExchangeAndKey() throws Exception {
        String x = exchange("fanout");
        String q = boundQueue(x, "binding-key");
        publish(x, "published-key", "m");
        GetResponse r = getOne(q);
        assertEquals(x, r.getEnvelope().getExchange());
        assertEquals("published-key", r.getEnvelope().getRoutingKey());
        assertFalse(r.getEnvelope().isRedeliver());
    }

    @Test
    void unbindStopsRouting() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k");
        publish(x, "k", "before");
        channel.queueUnbind(q, x, "k");
        publish(x, "k", "after");
        channel.queueBind(q, x, "k");
        publish(x, "k", "rebound");
        assertEquals(List.of("before", "rebound"), drain(q));
    }

    @Test
    void deletingAQueueRemovesItsBindings() throws Exception {
        String x = exchange("direct");
        String name = unique("q");
        channel.queueDeclare(name, false, false, false, null);
        channel.queueBind(name, x, "k");
        channel.queueDelete(name);
        channel.queueDeclare(name, false, false, false, null);
        publish(x, "k", "not-routed");
        publish("", name, "marker");
        assertEquals(List.of("marker"), drain(name));
        channel.queueDelete(name);
    }

    @Test
    void deletingAnExchangeRemovesItsBindings() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k");
        channel.exchangeDelete(x);
        channel.exchangeDeclare(x, "direct");
        publish(x, "k", "not-routed");
        publish("", q, "marker");
        assertEquals(List.of("marker"), drain(q));
    }

    @Test
    void bindToAMissingExchangeIsNotFound() throws Exception {
        String q = channel.queueDeclare().getQueue();
        String x = unique("missing-x");
        assertThrows(IOException.class, () -> channel.queueBind(q, x, "k"));
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no exchange '" + x + "' in vhost '/'");
    }

    @Test
    void bindAMissingQueueIsNotFound() throws Exception {
        String x = exchange("direct");
        String q = unique("missing-q");
        assertThrows(IOException.class, () -> channel.queueBind(q, x, "k"));
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no queue '" + q + "' in vhost '/'");
    }

    @Test
    void bindWithBothMissingReportsTheExchange() throws Exception {
        // RabbitMQ looks the source up first (rabbit_binding: resources_missing lists the source first).
        String x = unique("missing-x");
        String q = unique("missing-q");
        assertThrows(IOException.class, () -> channel.queueBind(q, x, "k"));
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no exchange '" + x + "' in vhost '/'");
    }

    @Test
    void unbindingWhatIsNotBoundSucceeds() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k");
        channel.queueUnbind(q, x, "other-key");
        channel.queueUnbind(q, x, "k", Map.of("a", 1)); // arguments are part of the binding
        channel.queueUnbind(unique("missing-q"), x, "k");
        channel.queueUnbind(q, unique("missing-x"), "k");
        publish(x, "k", "still-bound");
        assertEquals(List.of("still-bound"), drain(q));
    }

    @Test
    void publishingToAMissingExchangeIsNotFound() throws Exception {
        String x = unique("missing-x");
        publish(x, "k", "m");
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no exchange '" + x + "' in vhost '/'");
    }

    @Test
    void routedMessagesArePushedToConsumersOfEachQueue() throws Exception {
        String x = exchange("fanout");
        List<String> queues = List.of(boundQueue(x, ""), boundQueue(x, ""), boundQueue(x, ""));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        for (String q : queues) {
            DeliverCallback cb = (tag, d) -> received.add(q + ":" + body(d.getBody()));
            channel.basicConsume(q, true, cb, tag -> { });
        }
        publish(x, "any", "m1");
        publish(x, "any", "m2");
        List<String> expected = new ArrayList<>();
        for (String q : queues) {
            expected.add(q + ":m1");
            expected.add(q + ":m2");
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            String s = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(s, "only got " + got);
            got.add(s);
        }
        for (String q : queues) { // per queue, in publish order
            assertEquals(List.of(q + ":m1", q + ":m2"), got.stream().filter(s -> s.startsWith(q + ":")).toList());
        }
        assertEquals(expected.size(), got.size());
    }

    @Test
    void consumerSeesThePublishedExchangeAndKey() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "rk");
        BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
        channel.basicConsume(q, false, (tag, d) -> received.add(d), tag -> { });
        publish(x, "rk", "hello");
        Delivery d = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(d);
        assertEquals("hello", body(d.getBody()));
        assertEquals(x, d.getEnvelope().getExchange());
        assertEquals("rk", d.getEnvelope().getRoutingKey());
        channel.basicAck(d.getEnvelope().getDeliveryTag(), false);
    }
}
