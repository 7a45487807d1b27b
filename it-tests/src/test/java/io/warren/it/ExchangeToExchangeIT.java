package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * exchange.bind/unbind (RabbitMQ's exchange-to-exchange bindings): the destination exchange routes the message
 * with its original routing key; each exchange is visited once, so cycles end and every queue gets one copy.
 */
class ExchangeToExchangeIT extends RoutingTestCase {

    @Test
    void messagesFlowThroughABoundExchange() throws Exception {
        String source = exchange("direct");
        String destination = exchange("fanout");
        String q = boundQueue(destination, "");
        channel.exchangeBind(destination, source, "k");
        publish(source, "k", "routed");
        publish(source, "other", "not-routed");
        GetResponse r = getOne(q);
        assertEquals("routed", body(r.getBody()));
        assertEquals(source, r.getEnvelope().getExchange()); // the exchange it was published to
        assertEquals("k", r.getEnvelope().getRoutingKey());
        assertEquals(List.of(), drain(q));
    }

    @Test
    void unbindStopsTheFlow() throws Exception {
        String source = exchange("fanout");
        String destination = exchange("fanout");
        String q = boundQueue(destination, "");
        channel.exchangeBind(destination, source, "");
        publish(source, "", "m1");
        channel.exchangeUnbind(destination, source, "");
        publish(source, "", "m2");
        assertEquals(List.of("m1"), drain(q));
    }

    @Test
    void chainsKeepTheOriginalRoutingKey() throws Exception {
        String x1 = exchange("topic");
        String x2 = exchange("direct");
        String x3 = exchange("topic");
        channel.exchangeBind(x2, x1, "orders.#");
        channel.exchangeBind(x3, x2, "orders.eu.new");
        String q = boundQueue(x3, "*.eu.*");
        String atX2 = boundQueue(x2, "orders.us.new");
        for (String k : List.of("orders.eu.new", "orders.us.new", "orders.eu.old", "misc.eu.new")) {
            publish(x1, k, k);
        }
        assertEquals(List.of("orders.eu.new"), drain(q));
        assertEquals(List.of("orders.us.new"), drain(atX2));
    }

    @Test
    void aCycleTerminatesAndEachQueueGetsOneCopy() throws Exception {
        String x1 = exchange("fanout");
        String x2 = exchange("fanout");
        String x3 = exchange("fanout");
        channel.exchangeBind(x2, x1, "");
        channel.exchangeBind(x3, x2, "");
        channel.exchangeBind(x1, x3, "");
        channel.exchangeBind(x1, x1, ""); // a self-loop too
        String q1 = boundQueue(x1, "");
        String q2 = boundQueue(x2, "");
        String q3 = boundQueue(x3, "");
        publish(x2, "", "m");
        assertEquals(List.of("m"), drain(q1));
        assertEquals(List.of("m"), drain(q2));
        assertEquals(List.of("m"), drain(q3));
    }

    @Test
    void aQueueReachedOnSeveralPathsGetsOneCopy() throws Exception {
        String top = exchange("fanout");
        String left = exchange("direct");
        String right = exchange("topic");
        channel.exchangeBind(left, top, "");
        channel.exchangeBind(right, top, "");
        String q = boundQueue(left, "k");
        channel.queueBind(q, right, "#");
        channel.queueBind(q, top, "");
        publish(top, "k", "m");
        assertEquals(List.of("m"), drain(q));
    }

    @Test
    void bindingFromAMissingSourceIsNotFound() throws Exception {
        String destination = exchange("fanout");
        String source = unique("missing-source");
        assertThrows(IOException.class, () -> channel.exchangeBind(destination, source, "k"));
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no exchange '" + source + "' in vhost '/'");
    }

    @Test
    void bindingToAMissingDestinationIsNotFound() throws Exception {
        String source = exchange("fanout");
        String destination = unique("missing-destination");
        assertThrows(IOException.class, () -> channel.exchangeBind(destination, source, "k"));
        expectChannelError(AMQP.NOT_FOUND, "NOT_FOUND - no exchange '" + destination + "' in vhost '/'");
    }

    @Test
    void unbindingWhatIsNotBoundSucceeds() throws Exception {
        String source = exchange("direct");
        String destination = exchange("fanout");
        channel.exchangeUnbind(destination, source, "k");
        channel.exchangeUnbind(unique("missing"), source, "k");
        channel.exchangeUnbind(destination, unique("missing"), "k");
        channel.exchangeDeclarePassive(destination); // the channel is still open
    }

    @Test
    void deletingTheDestinationRemovesTheBinding() throws Exception {
        String source = exchange("fanout");
        String destination = exchange("fanout");
        channel.exchangeBind(destination, source, "");
        channel.exchangeDelete(destination);
        channel.exchangeDeclare(destination, "fanout");
        String q = boundQueue(destination, "");
        publish(source, "", "not-routed");
        publish(destination, "", "direct-to-destination");
        assertEquals(List.of("direct-to-destination"), drain(q));
    }

    @Test
    void anAutoDeleteSourceGoesAwayWhenItsOnlyDestinationIsDeleted() throws Exception {
        String source = unique("auto-source");
        channel.exchangeDeclare(source, "fanout", false, true, null);
        String destination = exchange("fanout");
        channel.exchangeBind(destination, source, "");
        channel.exchangeDelete(destination);
        assertThrows(IOException.class, () -> channel.exchangeDeclarePassive(source));
        expectChannelError(AMQP.NOT_FOUND);
    }

    @Test
    void anInternalExchangeIsReachableOnlyThroughBindings() throws Exception {
        String internal = unique("internal");
        channel.exchangeDeclare(internal, "fanout", false, false, true, null);
        String source = exchange("direct");
        channel.exchangeBind(internal, source, "k");
        String q = boundQueue(internal, "");
        publish(source, "k", "via-binding");
        assertEquals(List.of("via-binding"), drain(q));
        publish(internal, "k", "direct");
        expectChannelError(AMQP.ACCESS_REFUSED,
                "ACCESS_REFUSED - cannot publish to internal exchange '" + internal + "' in vhost '/'");
    }
}
