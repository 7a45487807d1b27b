package io.warren.it.mgmt;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A definitions file exported by RabbitMQ (users with sha256 hashes, vhosts, permissions, a policy, topic
 * permissions, queues, exchanges, bindings) imports through the API; AMQP then sees the topology and a user from
 * the file logs in with their RabbitMQ password; the policy is set and governs the queues it matches.
 */
class DefinitionsImportIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    private static String file() throws IOException {
        try (InputStream in = DefinitionsImportIT.class.getResourceAsStream("/mgmt/rabbitmq-definitions.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rabbitMqExportImportsAndTakesEffectOnAmqp() throws Exception {
        MgmtClient api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        expect(204, api.post("/api/definitions", file()));

        assertTrue(api.getList("/api/vhosts").stream().anyMatch(v -> "shop".equals(v.get("name"))));
        assertEquals(List.of("administrator", "monitoring"), api.getObject("/api/users/ops").get("tags"));
        assertEquals("^orders\\.", api.getObject("/api/permissions/shop/orders-service").get("configure"));
        assertEquals(3, api.getList("/api/queues/shop").size());
        assertEquals(50000, ((Map<?, ?>) api.getObject("/api/queues/shop/orders.audit").get("arguments"))
                .get("x-max-length"));
        assertEquals("topic", api.getObject("/api/exchanges/shop/orders.events").get("type"));
        Map<String, Object> policy = api.getObject("/api/policies/shop/orders-ttl");
        assertEquals("^orders\\.", policy.get("pattern"));
        assertEquals("queues", policy.get("apply-to"));
        assertEquals(Map.of("message-ttl", 86400000, "max-length", 100000), policy.get("definition"));
        assertEquals(0, policy.get("priority"));
        assertEquals("orders-ttl", api.getObject("/api/queues/shop/orders.audit").get("policy"));
        assertNull(api.getObject("/api/queues/shop/billing.invoices").get("policy"));

        try (Connection c = ManagementApiIT.amqp(broker.port(), "orders-service", "carrot-cake", "shop")) {
            Channel ch = c.createChannel();
            ch.confirmSelect();
            ch.basicPublish("orders.events", "order.created", null, "o-1".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("orders.events", "order.paid", null, "o-2".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(5_000);
            GetResponse created = pollGet(ch, "orders.created");
            assertEquals("o-1", new String(created.getBody(), StandardCharsets.UTF_8));
            GetResponse invoice = pollGet(ch, "billing.invoices");
            assertEquals("o-2", new String(invoice.getBody(), StandardCharsets.UTF_8));
            // through the exchange-to-exchange binding and the fanout: both orders reach the audit queue
            assertNotNull(pollGet(ch, "orders.audit"));
            assertNotNull(pollGet(ch, "orders.audit"));
            assertNull(ch.basicGet("orders.audit", true));
        }
        // importing the same file again changes nothing and succeeds (definitions merge)
        expect(204, api.post("/api/definitions", file()));
        assertEquals(3, api.getList("/api/queues/shop").size());
        // and the export carries what was imported, hashes unchanged
        Map<String, Object> exported = api.getObject("/api/definitions");
        String hash = "kI3GCip2Fw1YPND+NnJS0V7anqnRS+nEjXuHFYJbHKE9nQH0";
        assertTrue(((List<?>) exported.get("users")).stream().anyMatch(u -> hash.equals(((Map<?, ?>) u)
                .get("password_hash"))));
        assertEquals(4, ((List<?>) exported.get("bindings")).size());
        assertEquals(1, api.getList("/api/policies/shop").size());
        assertTrue(((List<?>) exported.get("policies")).stream().anyMatch(p -> "orders-ttl".equals(((Map<?, ?>) p)
                .get("name")) && "shop".equals(((Map<?, ?>) p).get("vhost"))));
    }

    @Test
    void policiesImportIntoOneVhostWithRabbitMqDefaults() {
        MgmtClient api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        expect(201, api.put("/api/vhosts/imported-policies", Map.of()));
        expect(204, api.post("/api/definitions/imported-policies", "{\"policies\": [{\"name\": \"lazy\", "
                + "\"pattern\": \"^q\\\\.\", \"definition\": {\"queue-mode\": \"lazy\", \"expires\": 60000}}]}"));
        Map<String, Object> p = api.getObject("/api/policies/imported-policies/lazy");
        assertEquals("^q\\.", p.get("pattern"));
        assertEquals("all", p.get("apply-to"));
        assertEquals(0, p.get("priority"));
        assertEquals(Map.of("queue-mode", "lazy", "expires", 60000), p.get("definition"));
    }

    @Test
    void invalidDefinitionsAreRejectedWithBadRequest() {
        MgmtClient api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        expect(400, api.post("/api/definitions", "{\"queues\": [{\"name\": \"q-without-vhost\"}]}"));
        expect(400, api.post("/api/definitions", "{\"exchanges\": [{\"name\": \"x\", \"vhost\": \"/\", "
                + "\"type\": \"no-such-type\"}]}"));
        expect(400, api.post("/api/definitions", "[1, 2]"));
        HttpResponse<String> badPolicy = expect(400, api.post("/api/definitions", "{\"policies\": [{\"vhost\": \"/\", "
                + "\"name\": \"bad-ttl\", \"pattern\": \".*\", \"definition\": {\"message-ttl\": -1}}]}"));
        assertEquals("policy 'bad-ttl' in vhost '/': Validation failed\n\n-1 is not a valid message TTL\n",
                MgmtClient.object(badPolicy.body()).get("reason"));
        expect(404, api.get("/api/policies/%2F/bad-ttl"));
        expect(204, api.post("/api/definitions", "{\"policies\": []}"));
    }

    private static GetResponse pollGet(Channel ch, String queue) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message in " + queue);
            }
            Thread.onSpinWait();
        }
        return r;
    }
}
