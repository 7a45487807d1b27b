package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Durable exchanges, queues and bindings survive a broker restart; everything else is gone after it. */
class DefinitionsRestartIT extends BrokerTestCase {
    @Test
    void durableDefinitionsComeBackAndTheRestDoesNot() throws Exception {
        String durableX = unique("dx");
        String transientX = unique("tx");
        String durableQ = unique("dq");
        String transientQ = unique("tq");
        String autoDeleteQ = unique("adq");
        channel.exchangeDeclare(durableX, "topic", true, false, Map.of("alternate-exchange", "amq.fanout"));
        channel.exchangeDeclare(transientX, "direct", false);
        channel.queueDeclare(durableQ, true, false, false, Map.of("x-max-length", 10));
        channel.queueDeclare(transientQ, false, false, false, null);
        channel.queueDeclare(autoDeleteQ, true, false, true, null);
        channel.queueBind(durableQ, durableX, "a.#");
        channel.queueBind(durableQ, durableX, "e2e.#");
        channel.queueBind(durableQ, "amq.direct", "k");
        channel.exchangeBind(durableX, "amq.topic", "e2e.#");
        connection.close();

        broker.restart();

        try (Connection c = newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclarePassive(durableX);
            ch.queueDeclarePassive(durableQ);
            // Redeclaring with the original arguments is equivalent: they were restored exactly.
            ch.exchangeDeclare(durableX, "topic", true, false, Map.of("alternate-exchange", "amq.fanout"));
            ch.queueDeclare(durableQ, true, false, false, Map.of("x-max-length", 10));
            ch.basicPublish(durableX, "a.b", null, "via-topic".getBytes());
            ch.basicPublish("amq.direct", "k", null, "via-amq-direct".getBytes());
            ch.basicPublish("amq.topic", "e2e.x", null, "via-e2e".getBytes());
            // The binding to the queue routes; the order of the three publishes is kept.
            for (String expected : new String[] {"via-topic", "via-amq-direct", "via-e2e"}) {
                GetResponse r = ch.basicGet(durableQ, true);
                assertNotNull(r, "expected " + expected);
                assertEquals(expected, new String(r.getBody()));
            }
            assertGone(c, "exchange", transientX);
            assertGone(c, "queue", transientQ);
            assertGone(c, "queue", autoDeleteQ);
        }
        channel = (connection = newConnection()).createChannel();
    }

    @Test
    void deletedDefinitionsStayDeleted() throws Exception {
        String x = unique("dx");
        String q = unique("dq");
        channel.exchangeDeclare(x, "fanout", true);
        channel.queueDeclare(q, true, false, false, null);
        channel.queueBind(q, x, "");
        channel.exchangeDelete(x);
        channel.queueDelete(q);
        connection.close();

        broker.restart();

        try (Connection c = newConnection()) {
            assertGone(c, "exchange", x);
            assertGone(c, "queue", q);
        }
        channel = (connection = newConnection()).createChannel();
    }

    private static void assertGone(Connection c, String kind, String name) throws IOException {
        Channel ch = c.createChannel();
        IOException e = assertThrows(IOException.class, () -> {
            if (kind.equals("queue")) {
                ch.queueDeclarePassive(name);
            } else {
                ch.exchangeDeclarePassive(name);
            }
        });
        assertEquals(AMQP.NOT_FOUND, ((AMQP.Channel.Close) ((com.rabbitmq.client.ShutdownSignalException)
                e.getCause()).getReason()).getReplyCode(), kind + " " + name + " should be gone");
    }
}
