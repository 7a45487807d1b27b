package io.warren.it;

import com.rabbitmq.client.AMQP;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Headers exchange matching as rabbit_exchange_type_headers does it (x-match all/any and the -with-x variants). */
class HeadersRoutingIT extends RoutingTestCase {

    /** Argument maps that may hold null (void) values, in the given order. */
    private static Map<String, Object> table(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private String headersQueue(String x, Map<String, Object> bindingArgs) throws IOException {
        String q = channel.queueDeclare().getQueue();
        channel.queueBind(q, x, "", bindingArgs);
        return q;
    }

    /** Publishes each header table (null: no headers property) with the body "m<index>"; returns which arrived. */
    private List<String> routed(Map<String, Object> bindingArgs, List<Map<String, Object>> messages)
            throws IOException {
        String x = exchange("headers");
        String q = headersQueue(x, bindingArgs);
        for (int i = 0; i < messages.size(); i++) {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().headers(messages.get(i)).build();
            publish(x, "ignored", props, "m" + i);
        }
        return drain(q);
    }

    @SafeVarargs
    private static List<Map<String, Object>> messages(Map<String, Object>... tables) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (Map<String, Object> t : tables) {
            l.add(t);
        }
        return l;
    }

    @Test
    void allIsTheDefault() throws Exception {
        var msgs = messages(table("a", 1, "b", "x"), table("a", 1), table("b", "x", "a", 1, "c", "extra"), null,
                table("a", 2, "b", "x"), table());
        assertEquals(List.of("m0", "m2"), routed(table("a", 1, "b", "x"), msgs));
        assertEquals(List.of("m0", "m2"), routed(table("x-match", "all", "a", 1, "b", "x"), msgs));
    }

    @Test
    void anyNeedsOneMatchingHeader() throws Exception {
        var msgs = messages(table("a", 1), table("b", "x"), table("a", 2), table("c", 1), null,
                table("a", 2, "b", "x"));
        assertEquals(List.of("m0", "m1", "m5"), routed(table("x-match", "any", "a", 1, "b", "x"), msgs));
    }

    @Test
    void valuesCompareWithTheirTypes() throws Exception {
        var msgs = messages(table("n", 42), table("n", 42L), table("n", "42"), table("n", 43), table("n", (short) 42),
                table("n", true));
        assertEquals(List.of("m0", "m1", "m4"), routed(table("n", 42), msgs));
        assertEquals(List.of("m2"), routed(table("n", "42"), msgs));
        assertEquals(List.of("m5"), routed(table("n", true), messages(table("n", false), table("n", 1),
                table("n", "true"), table("n", 0), table("n", null), table("n", true))));
    }

    @Test
    void aVoidBindingValueOnlyRequiresTheHeader() throws Exception {
        var msgs = messages(table("a", "anything"), table("a", null), table("b", 1), null, table("a", 0, "b", 1));
        assertEquals(List.of("m0", "m1", "m4"), routed(table("a", null), msgs));
    }

    @Test
    void xArgumentsAreIgnoredByAllAndAny() throws Exception {
        var msgs = messages(table("a", 1), table("a", 1, "x-foo", "bar"), table("x-foo", "bar"));
        assertEquals(List.of("m0", "m1"), routed(table("x-match", "all", "x-foo", "bar", "a", 1), msgs));
        // With only x- arguments left, "any" has no condition and matches nothing.
        assertEquals(List.of(), routed(table("x-match", "any", "x-foo", "bar"), msgs));
    }

    @Test
    void withXVariantsMatchOnXArgumentsToo() throws Exception {
        var msgs = messages(table("a", 1), table("a", 1, "x-foo", "bar"), table("x-foo", "bar"),
                table("x-foo", "baz"));
        assertEquals(List.of("m1"), routed(table("x-match", "all-with-x", "x-foo", "bar", "a", 1), msgs));
        assertEquals(List.of("m0", "m1", "m2"), routed(table("x-match", "any-with-x", "x-foo", "bar", "a", 1), msgs));
    }

    @Test
    void withoutConditionsAllMatchesEverythingAndAnyNothing() throws Exception {
        var msgs = messages(null, table(), table("a", 1));
        assertEquals(List.of("m0", "m1", "m2"), routed(table(), msgs));
        assertEquals(List.of("m0", "m1", "m2"), routed(table("x-match", "all"), msgs));
        assertEquals(List.of(), routed(table("x-match", "any"), msgs));
    }

    @Test
    void theRoutingKeyIsIgnored() throws Exception {
        String x = exchange("headers");
        String q = channel.queueDeclare().getQueue();
        channel.queueBind(q, x, "binding-key", table("a", 1));
        publish(x, "other-key", new AMQP.BasicProperties.Builder().headers(table("a", 1)).build(), "m");
        assertEquals(List.of("m"), drain(q));
    }

    @Test
    void invalidXMatchValueIsPreconditionFailedOnBind() throws Exception {
        String x = exchange("headers");
        String q = channel.queueDeclare().getQueue();
        assertThrows(IOException.class, () -> channel.queueBind(q, x, "", table("x-match", "some", "a", 1)));
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - Invalid x-match field value "
                + "<<\"some\">>; expected all, any, all-with-x, or any-with-x");
        // nothing was bound
        publish(x, "", new AMQP.BasicProperties.Builder().headers(table("a", 1)).build(), "m");
        assertEquals(List.of(), drain(q));
    }

    @Test
    void nonStringXMatchIsPreconditionFailedOnBind() throws Exception {
        String x = exchange("headers");
        String q = channel.queueDeclare().getQueue();
        assertThrows(IOException.class, () -> channel.queueBind(q, x, "", table("x-match", 1)));
        expectChannelError(AMQP.PRECONDITION_FAILED,
                "PRECONDITION_FAILED - Invalid x-match field type signedint (value 1); expected longstr");
    }

    @Test
    void unbindNeedsTheSameArguments() throws Exception {
        String x = exchange("headers");
        String q = headersQueue(x, table("a", 1));
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().headers(table("a", 1)).build();
        channel.queueUnbind(q, x, "", table("a", 2)); // another binding: nothing to remove
        publish(x, "", props, "m1");
        channel.queueUnbind(q, x, "", table("a", 1));
        publish(x, "", props, "m2");
        assertEquals(List.of("m1"), drain(q));
    }

    @Test
    void predeclaredAmqMatchAndAmqHeadersRouteOnHeaders() throws Exception {
        String marker = unique("h");
        Map<String, Object> args = new HashMap<>(table("x-match", "any", "marker", marker));
        String q1 = headersQueue("amq.match", args);
        String q2 = headersQueue("amq.headers", args);
        AMQP.BasicProperties hit = new AMQP.BasicProperties.Builder().headers(table("marker", marker)).build();
        AMQP.BasicProperties miss = new AMQP.BasicProperties.Builder().headers(table("marker", "other")).build();
        publish("amq.match", "", miss, "miss");
        publish("amq.match", "", hit, "via-match");
        publish("amq.headers", "", hit, "via-headers");
        assertEquals(List.of("via-match"), drain(q1));
        assertEquals(List.of("via-headers"), drain(q2));
    }
}
