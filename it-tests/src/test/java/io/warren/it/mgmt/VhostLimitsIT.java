package io.warren.it.mgmt;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.it.EmbeddedBroker;
import io.warren.it.Probes;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.ManagementApiIT.amqp;
import static io.warren.it.mgmt.ManagementApiIT.unique;
import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Virtual host limits ({@code max-connections}, {@code max-queues}) set through RabbitMQ's HTTP API, enforced
 * with RabbitMQ 3.10's replies (probed), kept across restarts and carried by definitions as RabbitMQ's
 * {@code vhost-limits} runtime parameters.
 */
class VhostLimitsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    private MgmtClient api;
    private String vhost;

    @BeforeEach
    void vhostForGuest() {
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        vhost = unique("limited");
        expect(201, api.put("/api/vhosts/" + vhost, Map.of()));
        expect(201, api.put("/api/permissions/" + vhost + "/guest",
                Map.of("configure", ".*", "write", ".*", "read", ".*")));
    }

    private void setLimit(String name, long value) {
        expect(204, api.put("/api/vhost-limits/" + vhost + "/" + name, Map.of("value", value)));
    }

    private List<Map<String, Object>> limits() {
        return api.getList("/api/vhost-limits/" + vhost);
    }

    @Test
    void maxConnectionsRefusesConnectionOpenWithRabbitMqsReplyAndFreesTheSlotOnClose() throws Exception {
        setLimit("max-connections", 1);
        assertEquals(List.of(Map.of("vhost", vhost, "value", Map.of("max-connections", 1))), limits());
        try (Connection first = amqp(broker.port(), "guest", "guest", vhost)) {
            IOException e = assertThrows(IOException.class, () -> amqp(broker.port(), "guest", "guest", vhost));
            assertEquals("NOT_ALLOWED - access to vhost '" + vhost + "' refused for user 'guest': connection "
                    + "limit (1) is reached", Probes.replyText(e));
            assertTrue(first.isOpen());
        }
        amqp(broker.port(), "guest", "guest", vhost).close(); // the first one's slot came back
        setLimit("max-connections", -1); // set, but no limit, as RabbitMQ
        try (Connection a = amqp(broker.port(), "guest", "guest", vhost);
             Connection b = amqp(broker.port(), "guest", "guest", vhost)) {
            assertTrue(a.isOpen() && b.isOpen());
        }
        assertEquals(Map.of("max-connections", -1), limits().get(0).get("value"));
    }

    @Test
    void maxQueuesRefusesNewQueuesButNotRedeclares() throws Exception {
        setLimit("max-queues", 1);
        try (Connection c = amqp(broker.port(), "guest", "guest", vhost)) {
            Channel ch = c.createChannel();
            ch.queueDeclare("q1", true, false, false, null);
            ch.queueDeclare("q1", true, false, false, null);
            IOException e = assertThrows(IOException.class, () -> ch.queueDeclare("q2", true, false, false, null));
            assertEquals("PRECONDITION_FAILED - cannot declare queue 'q2': queue limit in vhost '" + vhost
                    + "' (1) is reached", Probes.replyText(e));
            Channel ch2 = c.createChannel();
            IOException named = assertThrows(IOException.class, ch2::queueDeclare);
            assertTrue(Probes.replyText(named).startsWith("PRECONDITION_FAILED - cannot declare queue 'amq.gen-"),
                    Probes.replyText(named));
            Channel ch3 = c.createChannel();
            ch3.queueDelete("q1");
            ch3.queueDeclare("q2", true, false, false, null);
            expect(204, api.delete("/api/vhost-limits/" + vhost + "/max-queues"));
            ch3.queueDeclare("q3", true, false, false, null);
            assertEquals(List.of(), limits());
        }
    }

    @Test
    void badRequestsAreRefusedAsRabbitMqRefusesThem() {
        expect(400, api.put("/api/vhost-limits/" + vhost + "/max-bogus", Map.of("value", 5)));
        expect(400, api.put("/api/vhost-limits/" + vhost + "/max-queues", Map.of("value", "x")));
        expect(400, api.put("/api/vhost-limits/" + vhost + "/max-queues", Map.of()));
        Map<String, Object> missing = MgmtClient.object(
                expect(404, api.put("/api/vhost-limits/nowhere/max-queues", Map.of("value", 5))).body());
        assertEquals("vhost_not_found", missing.get("reason"));
        assertEquals(List.of(), limits(), "nothing was set");
    }

    @Test
    void limitsSurviveARestartAndTravelWithDefinitions() throws Exception {
        setLimit("max-queues", 0);
        setLimit("max-connections", 7);
        broker.restart();
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        assertEquals(Map.of("max-connections", 7, "max-queues", 0), limits().get(0).get("value"));
        try (Connection c = amqp(broker.port(), "guest", "guest", vhost)) {
            IOException e = assertThrows(IOException.class, () -> c.createChannel().queueDeclare());
            assertTrue(Probes.replyText(e).endsWith("queue limit in vhost '" + vhost + "' (0) is reached"));
        }

        String exported = expect(200, api.get("/api/definitions")).body();
        assertTrue(exported.contains("\"component\":\"vhost-limits\""), exported);
        expect(204, api.delete("/api/vhost-limits/" + vhost + "/max-queues"));
        expect(204, api.delete("/api/vhost-limits/" + vhost + "/max-connections"));
        assertEquals(List.of(), limits());
        expect(204, api.post("/api/definitions", MgmtClient.object(exported)));
        assertEquals(Map.of("max-connections", 7, "max-queues", 0), limits().get(0).get("value"));
    }
}
