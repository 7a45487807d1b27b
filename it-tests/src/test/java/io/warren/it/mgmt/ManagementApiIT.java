package io.warren.it.mgmt;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import io.warren.broker.Broker;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The management HTTP API over real HTTP against an in-process broker: entities, stats, errors. */
class ManagementApiIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0).withPrometheusPort(0));

    MgmtClient api;

    @BeforeEach
    void client() {
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
    }

    static Connection amqp(String user, String password, String vhost) throws Exception {
        return amqp(broker.port(), user, password, vhost);
    }

    static Connection amqp(int port, String user, String password, String vhost) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setUsername(user);
        f.setPassword(password);
        f.setVirtualHost(vhost);
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void overviewCarriesRabbitMqFields() throws Exception {
        String q = unique("ov");
        try (Connection c = amqp("guest", "guest", "/")) {
            Channel ch = c.createChannel();
            ch.queueDeclare(q, false, false, false, null);
            ch.basicPublish("", q, null, "x".getBytes(StandardCharsets.UTF_8));
            eventually("the message in queue totals", () -> ((Number) ((Map<?, ?>) api.getObject("/api/overview")
                    .get("queue_totals")).get("messages")).longValue() >= 1);
            Map<String, Object> o = api.getObject("/api/overview");
            assertEquals(Broker.VERSION, o.get("rabbitmq_version"));
            assertEquals("Warren", o.get("product_name"));
            assertNotNull(o.get("management_version"));
            assertNotNull(o.get("cluster_name"));
            Map<?, ?> totals = (Map<?, ?>) o.get("object_totals");
            for (String k : List.of("connections", "channels", "exchanges", "queues", "consumers")) {
                assertTrue(totals.containsKey(k), k);
            }
            assertTrue(((Number) totals.get("connections")).intValue() >= 1);
            Map<?, ?> stats = (Map<?, ?>) o.get("message_stats");
            assertTrue(((Number) stats.get("publish")).longValue() >= 1);
            assertTrue(((Map<?, ?>) stats.get("publish_details")).containsKey("rate"));
            for (String k : List.of("deliver_get", "ack", "confirm", "redeliver", "get")) {
                assertTrue(stats.containsKey(k) && stats.containsKey(k + "_details"), k);
            }
            List<?> listeners = (List<?>) o.get("listeners");
            assertTrue(listeners.stream().anyMatch(l -> ((Map<?, ?>) l).get("protocol").equals("amqp")
                    && ((Number) ((Map<?, ?>) l).get("port")).intValue() == broker.port()));
            assertEquals(4, ((List<?>) o.get("exchange_types")).size());
            assertEquals(1, api.getList("/api/nodes").size());
        }
    }

    @Test
    void credentialsAreRequiredAndChecked() {
        HttpResponse<String> none = expect(401, api.as(null, null).get("/api/overview"));
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertTrue(MgmtClient.object(none.body()).containsKey("reason"));
        expect(401, api.as("guest", "wrong").get("/api/queues"));
        expect(401, api.as("nobody", "guest").get("/api/queues"));
        expect(201, api.put("/api/users/plain-" + UUID.randomUUID(), Map.of("password", "p", "tags", "")));
    }

    @Test
    void userWithoutManagementTagIsRefusedAndMonitoringUserIsNotAdministrator() {
        String plain = unique("plain");
        String watcher = unique("watcher");
        expect(201, api.put("/api/users/" + plain, Map.of("password", "p1", "tags", "")));
        expect(201, api.put("/api/users/" + watcher, Map.of("password", "p2", "tags", List.of("monitoring"))));
        expect(401, api.as(plain, "p1").get("/api/overview"));
        expect(200, api.as(watcher, "p2").get("/api/overview"));
        expect(401, api.as(watcher, "p2").get("/api/users"));
    }

    @Test
    void errorsHaveRabbitMqStatusesAndBodies() {
        HttpResponse<String> notFound = expect(404, api.get("/api/queues/%2F/" + unique("missing")));
        assertEquals("Object Not Found", MgmtClient.object(notFound.body()).get("error"));
        expect(404, api.get("/api/queues/no-such-vhost"));
        expect(404, api.get("/api/exchanges/%2F/" + unique("missing")));
        expect(404, api.get("/api/no/such/path"));
        HttpResponse<String> wrongMethod = expect(405, api.post("/api/overview", Map.of()));
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("GET"));
        HttpResponse<String> badJson = expect(400, api.send("PUT", "/api/queues/%2F/" + unique("q"), "{not json"));
        assertEquals("bad_request", MgmtClient.object(badJson.body()).get("error"));
        expect(400, api.put("/api/exchanges/%2F/" + unique("x"), Map.of("type", "no-such-type")));
        expect(400, api.put("/api/exchanges/%2F/" + unique("x"), Map.of("durable", true)));
        expect(400, api.get("/api/queues?page=0"));
    }

    @Test
    void queueLifecycleWithPagingSortingAndFiltering() throws Exception {
        String prefix = unique("life");
        expect(201, api.put("/api/queues/%2F/" + prefix + "-a", Map.of("durable", true, "arguments",
                Map.of("x-max-length", 100))));
        expect(204, api.put("/api/queues/%2F/" + prefix + "-a", Map.of("durable", true, "arguments",
                Map.of("x-max-length", 100))));
        expect(400, api.put("/api/queues/%2F/" + prefix + "-a", Map.of("durable", false)));
        expect(201, api.put("/api/queues/%2F/" + prefix + "-b", Map.of("durable", false)));
        try (Connection c = amqp("guest", "guest", "/")) {
            Channel ch = c.createChannel();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", prefix + "-b", null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        eventually("3 messages", () -> ((Number) api.getObject("/api/queues/%2F/" + prefix + "-b")
                .get("messages")).intValue() == 3);
        Map<String, Object> q = api.getObject("/api/queues/%2F/" + prefix + "-b");
        assertEquals("classic", q.get("type"));
        assertEquals(3, q.get("messages_ready"));
        assertEquals(0, q.get("messages_unacknowledged"));
        assertEquals(0, q.get("consumers"));
        assertEquals(false, q.get("durable"));
        assertEquals(3, ((Map<?, ?>) q.get("message_stats")).get("publish"));
        Map<String, Object> page = api.getObject("/api/queues/%2F?page=1&page_size=1&name=" + prefix
                + "&sort=messages&sort_reverse=true");
        assertEquals(2, page.get("filtered_count"));
        assertEquals(1, page.get("item_count"));
        assertEquals(2, page.get("page_count"));
        assertEquals(prefix + "-b", ((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("name"));
        Map<String, Object> regex = api.getObject("/api/queues?page=1&use_regex=true&name="
                + encode("^" + prefix + "-a$"));
        assertEquals(1, regex.get("filtered_count"));
        List<Map<String, Object>> cols = api.getList("/api/queues/%2F?columns=name,messages");
        assertTrue(cols.stream().allMatch(m -> m.keySet().equals(java.util.Set.of("name", "messages"))));
        expect(204, api.delete("/api/queues/%2F/" + prefix + "-b/contents"));
        assertEquals(0, api.getObject("/api/queues/%2F/" + prefix + "-b").get("messages"));
        expect(204, api.delete("/api/queues/%2F/" + prefix + "-b"));
        expect(404, api.get("/api/queues/%2F/" + prefix + "-b"));
        expect(204, api.delete("/api/queues/%2F/" + prefix + "-a"));
    }

    @Test
    void exchangeBindingPublishAndGet() {
        String x = unique("x");
        String q = unique("q");
        expect(201, api.put("/api/exchanges/%2F/" + x, Map.of("type", "topic", "durable", true)));
        assertEquals("topic", api.getObject("/api/exchanges/%2F/" + x).get("type"));
        expect(201, api.put("/api/queues/%2F/" + q, Map.of()));
        HttpResponse<String> bound = expect(201, api.post("/api/bindings/%2F/e/" + x + "/q/" + q,
                Map.of("routing_key", "a.*", "arguments", Map.of())));
        assertTrue(bound.headers().firstValue("Location").orElse("").endsWith("/a.*"), bound.headers().toString());
        List<Map<String, Object>> between = api.getList("/api/bindings/%2F/e/" + x + "/q/" + q);
        assertEquals(1, between.size());
        assertEquals("a.*", between.get(0).get("routing_key"));
        assertEquals("queue", between.get(0).get("destination_type"));
        String props = (String) between.get(0).get("properties_key");
        assertTrue(api.getList("/api/bindings/%2F").stream().anyMatch(b -> b.get("source").equals("")
                && b.get("destination").equals(q)), "the default exchange's binding is listed");
        assertEquals(1, api.getList("/api/exchanges/%2F/" + x + "/bindings/source").size());
        assertEquals(true, publish(x, "a.b", "one"));
        assertEquals(false, publish(x, "z.z", "lost"));
        assertEquals(true, publish("amq.default", q, "two"));
        List<Map<String, Object>> first = getMessages(q, 1, "ack_requeue_true", "auto");
        assertEquals(1, first.size());
        assertEquals("one", first.get(0).get("payload"));
        assertEquals("string", first.get(0).get("payload_encoding"));
        assertEquals(false, first.get(0).get("redelivered"));
        assertEquals("a.b", first.get(0).get("routing_key"));
        assertEquals(x, first.get(0).get("exchange"));
        Map<?, ?> properties = (Map<?, ?>) first.get(0).get("properties");
        assertEquals(2, properties.get("delivery_mode"));
        assertEquals(Map.of("h", "v"), properties.get("headers"));
        assertEquals(true, getMessages(q, 1, "reject_requeue_true", "auto").get(0).get("redelivered"),
                "the first get put it back");
        List<Map<String, Object>> taken = getMessages(q, 10, "ack_requeue_false", "base64");
        assertEquals(2, taken.size());
        assertEquals("base64", taken.get(1).get("payload_encoding"));
        assertEquals("dHdv", taken.get(1).get("payload"));
        assertEquals(0, api.getObject("/api/queues/%2F/" + q).get("messages"));
        expect(204, api.delete("/api/bindings/%2F/e/" + x + "/q/" + q + "/" + props));
        expect(404, api.delete("/api/bindings/%2F/e/" + x + "/q/" + q + "/" + props));
        assertEquals(false, publish(x, "a.b", "unbound"));
        expect(204, api.delete("/api/exchanges/%2F/" + x));
        expect(404, api.get("/api/exchanges/%2F/" + x));
    }

    private List<Map<String, Object>> getMessages(String q, int count, String ackmode, String encoding) {
        return MgmtClient.read(expect(200, api.post("/api/queues/%2F/" + q + "/get", Map.of("count", count,
                "ackmode", ackmode, "encoding", encoding))).body(),
                new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() { });
    }

    private boolean publish(String exchange, String key, String payload) {
        HttpResponse<String> r = expect(200, api.post("/api/exchanges/%2F/" + exchange + "/publish",
                Map.of("routing_key", key, "payload", payload, "payload_encoding", "string",
                        "properties", Map.of("delivery_mode", 2, "headers", Map.of("h", "v")))));
        return (Boolean) MgmtClient.object(r.body()).get("routed");
    }

    @Test
    void singleActiveConsumersAreShownActiveOrWaiting() throws Exception {
        String q = unique("sac");
        try (Connection c = amqp("guest", "guest", "/")) {
            Channel ch = c.createChannel();
            ch.queueDeclare(q, false, false, false, Map.of("x-single-active-consumer", true));
            ch.basicConsume(q, false, "first-" + q, new DefaultConsumer(ch));
            ch.basicConsume(q, false, "second-" + q, new DefaultConsumer(ch));
            eventually("both consumers listed", () -> api.getList("/api/consumers").stream()
                    .filter(k -> ((String) k.get("consumer_tag")).endsWith(q)).count() == 2);
            Map<String, Map<String, Object>> byTag = new HashMap<>();
            api.getList("/api/consumers/%2F").forEach(k -> byTag.put((String) k.get("consumer_tag"), k));
            assertEquals("single_active", byTag.get("first-" + q).get("activity_status"));
            assertEquals(true, byTag.get("first-" + q).get("active"));
            assertEquals("waiting", byTag.get("second-" + q).get("activity_status"));
            assertEquals(false, byTag.get("second-" + q).get("active"));
            Map<String, Object> queue = api.getObject("/api/queues/%2F/" + q);
            assertEquals("first-" + q, queue.get("single_active_consumer_tag"));
            assertNull(queue.get("exclusive_consumer_tag"));
            ch.basicCancel("first-" + q);
            eventually("the second consumer active", () -> ("second-" + q).equals(
                    api.getObject("/api/queues/%2F/" + q).get("single_active_consumer_tag")));
            ch.queueDelete(q);

            // as RabbitMQ 3.10 shows them: the exclusive consumer's tag, and no single active one
            String x = unique("excl");
            ch.queueDeclare(x, false, false, false, null);
            ch.basicConsume(x, false, "only-" + x, false, true, null, new DefaultConsumer(ch));
            Map<String, Object> exclusive = api.getObject("/api/queues/%2F/" + x);
            assertEquals("only-" + x, exclusive.get("exclusive_consumer_tag"));
            assertTrue(exclusive.containsKey("single_active_consumer_tag"));
            assertNull(exclusive.get("single_active_consumer_tag"));
            ch.queueDelete(x);
        }
    }

    @Test
    void connectionsChannelsAndConsumersAreListedAndConnectionsCanBeClosed() throws Exception {
        String q = unique("consumed");
        Connection c = amqp("guest", "guest", "/");
        try {
            Channel ch = c.createChannel();
            ch.queueDeclare(q, false, false, false, null);
            ch.basicQos(7);
            ch.basicConsume(q, false, "tag-" + q, new DefaultConsumer(ch));
            eventually("the consumer listed", () -> api.getList("/api/consumers").stream()
                    .anyMatch(k -> ("tag-" + q).equals(k.get("consumer_tag"))));
            Map<String, Object> consumer = api.getList("/api/consumers/%2F").stream()
                    .filter(k -> ("tag-" + q).equals(k.get("consumer_tag"))).findFirst().orElseThrow();
            assertEquals(q, ((Map<?, ?>) consumer.get("queue")).get("name"));
            assertEquals(true, consumer.get("ack_required"));
            assertEquals(7, consumer.get("prefetch_count"));
            String connName = (String) ((Map<?, ?>) consumer.get("channel_details")).get("connection_name");
            Map<String, Object> conn = api.getObject("/api/connections/" + encode(connName));
            assertEquals("guest", conn.get("user"));
            assertEquals("/", conn.get("vhost"));
            assertEquals("AMQP 0-9-1", conn.get("protocol"));
            assertEquals(broker.port(), conn.get("port"));
            assertTrue(((Map<?, ?>) conn.get("client_properties")).containsKey("product"));
            assertTrue(api.getList("/api/channels").stream().anyMatch(x -> connName.equals(((Map<?, ?>)
                    x.get("connection_details")).get("name")) && Integer.valueOf(1).equals(x.get("consumer_count"))));
            assertEquals(1, ((Number) api.getObject("/api/queues/%2F/" + q).get("consumers")).intValue());
            expect(204, api.delete("/api/connections/" + encode(connName)));
            eventually("the connection closed", () -> !c.isOpen());
            eventually("the connection gone from the list", () -> api.getList("/api/connections").stream()
                    .noneMatch(x -> connName.equals(x.get("name"))));
        } finally {
            c.abort();
        }
        expect(404, api.delete("/api/connections/" + encode("no such connection")));
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void usersVhostsAndPermissionsApplyToAmqpAtOnce() throws Exception {
        String vhost = unique("vh");
        String user = unique("alice");
        expect(201, api.put("/api/vhosts/" + vhost, Map.of()));
        expect(204, api.put("/api/vhosts/" + vhost, Map.of()));
        expect(201, api.put("/api/users/" + user, Map.of("password", "s3cret", "tags", "management")));
        Map<String, Object> u = api.getObject("/api/users/" + user);
        assertEquals("rabbit_password_hashing_sha256", u.get("hashing_algorithm"));
        assertEquals(List.of("management"), u.get("tags"));
        expect(404, api.put("/api/permissions/no-such-vhost/" + user, Map.of("configure", ".*", "write", ".*",
                "read", ".*")));
        expect(201, api.put("/api/permissions/" + vhost + "/" + user, Map.of("configure", ".*", "write", ".*",
                "read", ".*")));
        assertEquals(".*", api.getObject("/api/permissions/" + vhost + "/" + user).get("read"));
        try (Connection c = amqp(user, "s3cret", vhost)) {
            assertTrue(c.isOpen());
        }
        expect(200, api.as(user, "s3cret").get("/api/overview"));
        expect(204, api.delete("/api/permissions/" + vhost + "/" + user));
        assertRefused(user, "s3cret", vhost);
        expect(204, api.put("/api/users/" + user, Map.of("password", "changed", "tags", "management")));
        expect(401, api.as(user, "s3cret").get("/api/overview"));
        assertTrue(api.getList("/api/vhosts").stream().anyMatch(v -> vhost.equals(v.get("name"))));
        expect(204, api.delete("/api/vhosts/" + vhost));
        expect(404, api.get("/api/vhosts/" + vhost));
        expect(204, api.delete("/api/users/" + user));
        expect(404, api.get("/api/users/" + user));
    }

    private static void assertRefused(String user, String password, String vhost) {
        try (Connection c = amqp(user, password, vhost)) {
            fail("expected the login to be refused, got " + c);
        } catch (Exception expected) {
            // refused: access to the vhost was removed
        }
    }

    @Test
    void healthChecksFollowTheMemoryAlarm() {
        assertEquals("ok", api.getObject("/api/health/checks/alarms").get("status"));
        assertEquals("ok", api.getObject("/api/health/checks/virtual-hosts").get("status"));
        var alarm = broker.broker().memoryAlarm();
        double before = alarm.watermark();
        try {
            alarm.setWatermark(0.0000001);
            HttpResponse<String> r = expect(503, api.get("/api/health/checks/alarms"));
            assertEquals("failed", MgmtClient.object(r.body()).get("status"));
        } finally {
            alarm.setWatermark(before);
        }
        eventually("the alarm cleared", () -> api.get("/api/health/checks/alarms").statusCode() == 200);
    }

    @Test
    void definitionsExportHasRabbitMqShape() {
        String q = unique("exported");
        expect(201, api.put("/api/queues/%2F/" + q, Map.of("durable", true)));
        Map<String, Object> d = api.getObject("/api/definitions");
        for (String k : List.of("rabbit_version", "users", "vhosts", "permissions", "queues", "exchanges",
                "bindings", "policies")) {
            assertTrue(d.containsKey(k), k);
        }
        Map<?, ?> guest = ((List<?>) d.get("users")).stream().map(x -> (Map<?, ?>) x)
                .filter(x -> x.get("name").equals("guest")).findFirst().orElseThrow();
        assertEquals("rabbit_password_hashing_sha256", guest.get("hashing_algorithm"));
        assertTrue(((List<?>) d.get("queues")).stream().anyMatch(x -> q.equals(((Map<?, ?>) x).get("name"))));
        assertFalse(((List<?>) d.get("exchanges")).stream().anyMatch(x -> ((String) ((Map<?, ?>) x).get("name"))
                .startsWith("amq.")));
    }
}
