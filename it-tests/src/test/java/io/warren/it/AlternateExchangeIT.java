package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The {@code alternate-exchange} argument (rabbit_exchange:route1/process_alternate): when an exchange's own
 * bindings select no destination at all, the message is routed by its alternate exchange instead.
 */
class AlternateExchangeIT extends RoutingTestCase {

    private String exchangeWithAe(String type, String ae) throws IOException {
        return exchange(type, Map.of("alternate-exchange", ae));
    }

    @Test
    void unroutableMessagesGoToTheAlternateExchange() throws Exception {
        String ae = exchange("fanout");
        String x = exchangeWithAe("direct", ae);
        String q = boundQueue(x, "k");
        String aeQueue = boundQueue(ae, "");
        publish(x, "k", "routed");
        publish(x, "nomatch", "unroutable");
        assertEquals(List.of("routed"), drain(q));
        GetResponse r = getOne(aeQueue);
        assertEquals("unroutable", body(r.getBody()));
        assertEquals(x, r.getEnvelope().getExchange()); // still the exchange it was published to
        assertEquals("nomatch", r.getEnvelope().getRoutingKey());
        assertEquals(List.of(), drain(aeQueue));
    }

    @Test
    void alternateExchangesChain() throws Exception {
        String ae2 = exchange("fanout");
        String ae1 = exchangeWithAe("direct", ae2);
        String x = exchangeWithAe("topic", ae1);
        String atAe1 = boundQueue(ae1, "special");
        String atAe2 = boundQueue(ae2, "");
        publish(x, "special", "m1");
        publish(x, "other", "m2");
        assertEquals(List.of("m1"), drain(atAe1));
        assertEquals(List.of("m2"), drain(atAe2));
    }

    @Test
    void aCycleOfAlternateExchangesEnds() throws Exception {
        String a = unique("ae-a");
        String b = exchangeWithAe("direct", a);
        channel.exchangeDeclare(a, "direct", false, false, Map.of("alternate-exchange", b));
        BlockingQueue<Return> returns = recordReturns();
        publishMandatory(a, "k", "nowhere");
        Return r = nextReturn(returns);
        assertEquals(a, r.getExchange());
        assertEquals("nowhere", body(r.getBody()));
        String q = boundQueue(b, "k");
        publish(a, "k", "via-b");
        assertEquals(List.of("via-b"), drain(q));
    }

    @Test
    void aMissingAlternateExchangeJustDrops() throws Exception {
        String x = exchangeWithAe("direct", unique("missing-ae"));
        BlockingQueue<Return> returns = recordReturns();
        publish(x, "k", "dropped");
        publishMandatory(x, "k", "returned");
        assertEquals("returned", body(nextReturn(returns).getBody())); // the first and only return
        channel.exchangeDeclarePassive(x); // the channel is still open
    }

    @Test
    void anAlternateExchangeDeclaredLaterIsUsed() throws Exception {
        String aeName = unique("late-ae");
        String x = exchangeWithAe("direct", aeName);
        channel.exchangeDeclare(aeName, "fanout");
        String aeQueue = boundQueue(aeName, "");
        publish(x, "k", "m");
        assertEquals(List.of("m"), drain(aeQueue));
    }

    @Test
    void mandatoryMessagesRoutedViaTheAlternateExchangeAreNotReturned() throws Exception {
        String ae = exchange("fanout");
        String x = exchangeWithAe("direct", ae);
        String aeQueue = boundQueue(ae, "");
        String unroutable = exchange("direct");
        BlockingQueue<Return> returns = recordReturns();
        publishMandatory(x, "k", "via-ae");
        publishMandatory(unroutable, "k", "marker");
        assertEquals("marker", body(nextReturn(returns).getBody()));
        assertEquals(List.of("via-ae"), drain(aeQueue));
    }

    @Test
    void mandatoryMessagesTheAlternateExchangeCannotRouteAreReturnedAsPublished() throws Exception {
        String ae = exchange("direct");
        String x = exchangeWithAe("direct", ae);
        boundQueue(ae, "something-else");
        BlockingQueue<Return> returns = recordReturns();
        publishMandatory(x, "k", "m");
        Return r = nextReturn(returns);
        assertEquals(AMQP.NO_ROUTE, r.getReplyCode());
        assertEquals(x, r.getExchange());
        assertEquals("k", r.getRoutingKey());
    }

    @Test
    void theAlternateExchangeIsNotUsedWhenABindingToAnotherExchangeMatched() throws Exception {
        // process_alternate only applies when the exchange's own bindings select nothing; a matching
        // exchange-to-exchange binding counts even if the destination exchange then routes nowhere.
        String ae = exchange("fanout");
        String x = exchangeWithAe("direct", ae);
        String empty = exchange("fanout");
        channel.exchangeBind(empty, x, "to-empty");
        String aeQueue = boundQueue(ae, "");
        publish(x, "to-empty", "m1");
        publish(x, "nomatch", "m2");
        assertEquals(List.of("m2"), drain(aeQueue));
    }

    @Test
    void redeclaringWithAnotherAlternateExchangeIsPreconditionFailed() throws Exception {
        String x = exchangeWithAe("direct", "ae-one");
        channel.exchangeDeclare(x, "direct", false, false, Map.of("alternate-exchange", "ae-one"));
        assertThrows(IOException.class,
                () -> channel.exchangeDeclare(x, "direct", false, false, Map.of("alternate-exchange", "ae-two")));
        expectChannelError(AMQP.PRECONDITION_FAILED);
        assertThrows(IOException.class, () -> channel.exchangeDeclare(x, "direct", false, false, null));
        expectChannelError(AMQP.PRECONDITION_FAILED);
    }

    @Test
    void aNonStringAlternateExchangeIsPreconditionFailed() throws Exception {
        String x = unique("bad-ae");
        assertThrows(IOException.class,
                () -> channel.exchangeDeclare(x, "direct", false, false, Map.of("alternate-exchange", 5)));
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - invalid type 'signedint' for arg "
                + "'alternate-exchange' in exchange '" + x + "' in vhost '/'");
    }
}
