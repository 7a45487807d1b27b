package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Sender-selected distribution: the CC and BCC headers (arrays of strings) add routing keys. RabbitMQ routes the
 * message once with the list [routing key | CC ++ BCC], so each queue gets one copy, and removes BCC from the
 * message before delivery.
 */
class SenderSelectedIT extends RoutingTestCase {

    private static AMQP.BasicProperties headers(Object... kv) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.put((String) kv[i], kv[i + 1]);
        }
        return new AMQP.BasicProperties.Builder().headers(h).build();
    }

    private static List<String> strings(Object array) {
        return ((List<?>) array).stream().map(Object::toString).toList();
    }

    @Test
    void ccAddsRoutingKeysAndIsKept() throws Exception {
        String x = exchange("direct");
        String q1 = boundQueue(x, "k1");
        String q2 = boundQueue(x, "k2");
        String q3 = boundQueue(x, "k3");
        publish(x, "k1", headers("CC", List.of("k2"), "other", "v"), "m");
        for (String q : List.of(q1, q2)) {
            GetResponse r = getOne(q);
            assertEquals("m", body(r.getBody()));
            assertEquals("k1", r.getEnvelope().getRoutingKey()); // the published key, not the CC one
            assertEquals(List.of("k2"), strings(r.getProps().getHeaders().get("CC")));
            assertEquals("v", r.getProps().getHeaders().get("other").toString());
        }
        assertEquals(List.of(), drain(q1));
        assertEquals(List.of(), drain(q3));
    }

    @Test
    void bccAddsRoutingKeysAndIsRemovedBeforeDelivery() throws Exception {
        String x = exchange("direct");
        String q1 = boundQueue(x, "k1");
        String q3 = boundQueue(x, "k3");
        publish(x, "k1", headers("BCC", List.of("k3"), "CC", List.of("nobody"), "other", "v"), "m");
        for (String q : List.of(q1, q3)) {
            GetResponse r = getOne(q);
            Map<String, Object> h = r.getProps().getHeaders();
            assertFalse(h.containsKey("BCC"), "BCC must be stripped: " + h);
            assertEquals(List.of("nobody"), strings(h.get("CC")));
            assertEquals("v", h.get("other").toString());
        }
    }

    @Test
    void eachQueueGetsOneCopyHoweverManyKeysReachIt() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k1", "k2");
        publish(x, "k1", headers("CC", List.of("k2", "k1"), "BCC", List.of("k2")), "m");
        publish(x, "none", headers("CC", List.of("k2"), "BCC", List.of("k1")), "n");
        assertEquals(List.of("m", "n"), drain(q));
    }

    @Test
    void ccWorksOnTheDefaultExchange() throws Exception {
        String q1 = channel.queueDeclare().getQueue();
        String q2 = channel.queueDeclare().getQueue();
        publish("", q1, headers("CC", List.of(q2)), "m");
        assertEquals(List.of("m"), drain(q1));
        assertEquals(List.of("m"), drain(q2));
    }

    @Test
    void ccWorksOnATopicExchange() throws Exception {
        String x = exchange("topic");
        String q = boundQueue(x, "a.*");
        publish(x, "x.y", headers("CC", List.of("a.b")), "m");
        publish(x, "x.y", headers("CC", List.of("a.b.c")), "n");
        assertEquals(List.of("m"), drain(q));
    }

    @Test
    void nonStringArrayElementsAreIgnored() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k2");
        publish(x, "k1", headers("CC", List.of(1, "k2", true)), "m");
        assertEquals(List.of("m"), drain(q));
    }

    @Test
    void aCcHeaderThatIsNotAnArrayIsPreconditionFailed() throws Exception {
        // rabbit_basic:header_routes throws unacceptable_type_in_header; the channel answers "invalid message".
        String x = exchange("direct");
        String q = boundQueue(x, "k1");
        publish(x, "k1", headers("CC", "k2"), "m");
        expectChannelError(AMQP.PRECONDITION_FAILED);
        assertEquals(List.of(), drain(q));
    }

    @Test
    void aCcKeyThatMatchesNothingDoesNotTriggerTheAlternateExchange() throws Exception {
        String ae = exchange("fanout");
        String x = exchange("direct", Map.of("alternate-exchange", ae));
        String q = boundQueue(x, "k1");
        String aeQueue = boundQueue(ae, "");
        publish(x, "k1", headers("CC", List.of("nomatch")), "routed");
        publish(x, "nomatch", headers("CC", List.of("k1")), "routed-by-cc");
        publish(x, "nomatch", headers("CC", List.of("nomatch-either")), "to-ae");
        assertEquals(List.of("routed", "routed-by-cc"), drain(q));
        assertEquals(List.of("to-ae"), drain(aeQueue));
    }

    @Test
    void aMandatoryMessageRoutedOnlyByCcIsNotReturned() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "k2");
        BlockingQueue<Return> returns = recordReturns();
        channel.basicPublish(x, "unbound", true, headers("CC", List.of("k2")), "m".getBytes());
        publishMandatory(x, "unbound", "marker");
        assertEquals("marker", body(nextReturn(returns).getBody()));
        assertEquals(List.of("m"), drain(q));
    }
}
