package io.warren.it.mgmt;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.warren.it.mgmt.ManagementApiIT.amqp;
import static io.warren.it.mgmt.ManagementApiIT.encode;
import static io.warren.it.mgmt.ManagementApiIT.eventually;
import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What non-administrators see, by RabbitMQ's rules: a {@code management} user sees the queues, exchanges and
 * bindings of the vhosts they have a permission in, their own connections, channels and consumers, and gets 401
 * {@code not_authorised} for another vhost; {@code monitoring} sees all vhosts and everyone's connections but,
 * without a permission, still no queues.
 */
class VhostVisibilityIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    static final String VHOST = "team-a";
    static final String USER = "alice";
    static final String WATCHER = "watcher";
    static MgmtClient guest;
    static MgmtClient alice;
    static MgmtClient watcher;

    @BeforeAll
    static void usersAndVhosts() {
        guest = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        alice = guest.as(USER, "pw");
        watcher = guest.as(WATCHER, "pw");
        expect(201, guest.put("/api/vhosts/" + VHOST, Map.of()));
        expect(201, guest.put("/api/users/" + USER, Map.of("password", "pw", "tags", "management")));
        expect(201, guest.put("/api/users/" + WATCHER, Map.of("password", "pw", "tags", "monitoring")));
        expect(201, guest.put("/api/permissions/" + VHOST + "/" + USER, Map.of("configure", ".*", "write", ".*",
                "read", ".*")));
        expect(201, guest.put("/api/queues/" + VHOST + "/mine", Map.of()));
        expect(201, guest.put("/api/queues/%2F/theirs", Map.of()));
        expect(201, guest.put("/api/exchanges/" + VHOST + "/mine.x", Map.of("type", "fanout")));
        expect(201, guest.post("/api/bindings/" + VHOST + "/e/mine.x/q/mine", Map.of("routing_key", "k")));
    }

    private static Set<Object> field(List<Map<String, Object>> items, String field) {
        return items.stream().map(i -> i.get(field)).collect(Collectors.toSet());
    }

    @Test
    void aManagementUserSeesOnlyTheVhostsWithAPermission() {
        assertEquals(Set.of(VHOST), field(alice.getList("/api/vhosts"), "name"));
        assertEquals(Set.of(VHOST), field(alice.getList("/api/queues"), "vhost"));
        assertEquals(Set.of(VHOST), field(alice.getList("/api/exchanges"), "vhost"));
        assertEquals(Set.of(VHOST), field(alice.getList("/api/bindings"), "vhost"));
        assertTrue(field(alice.getList("/api/queues"), "name").contains("mine"));
        assertEquals(Set.of("mine"), field(alice.getList("/api/queues/" + VHOST), "name"));
        Map<String, Object> page = alice.getObject("/api/queues?page=1&page_size=100");
        assertEquals(1, page.get("total_count"));
        expect(200, alice.get("/api/queues/" + VHOST + "/mine"));
        expect(200, alice.get("/api/vhosts/" + VHOST));
        Map<String, Object> overview = alice.getObject("/api/overview");
        assertEquals(1, ((Map<?, ?>) overview.get("object_totals")).get("queues"));
        assertTrue(field(guest.getList("/api/vhosts"), "name").containsAll(Set.of("/", VHOST)), "admin sees all");
        assertTrue(field(guest.getList("/api/queues"), "name").containsAll(Set.of("mine", "theirs")));
    }

    @Test
    void anotherVhostIsNotAuthorisedAsInRabbitMq() {
        for (String path : List.of("/api/queues/%2F/theirs", "/api/queues/%2F", "/api/exchanges/%2F/amq.direct",
                "/api/exchanges/%2F", "/api/bindings/%2F", "/api/queues/%2F/theirs/bindings", "/api/vhosts/%2F",
                "/api/vhosts/%2F/connections", "/api/vhosts/%2F/channels")) {
            HttpResponse<String> r = expect(401, alice.get(path));
            Map<String, Object> body = MgmtClient.object(r.body());
            assertEquals("not_authorised", body.get("error"), path);
            assertFalse(r.headers().firstValue("WWW-Authenticate").isPresent(), "the login itself was fine");
        }
        HttpResponse<String> r = expect(401, alice.get("/api/queues/%2F/theirs"));
        assertEquals("User not authorised to access virtual host", MgmtClient.object(r.body()).get("reason"));
        expect(401, alice.put("/api/queues/%2F/sneaky", Map.of()));
        expect(404, guest.get("/api/queues/%2F/sneaky"));
        expect(404, alice.get("/api/queues/no-such-vhost/x")); // a missing vhost is still 404
    }

    @Test
    void connectionsChannelsAndConsumersAreFilteredByUser() throws Exception {
        try (Connection mine = amqp(broker.port(), USER, "pw", VHOST);
             Connection theirs = amqp(broker.port(), "guest", "guest", "/")) {
            Channel a = mine.createChannel();
            a.basicConsume("mine", true, "alice-tag", new DefaultConsumer(a));
            Channel g = theirs.createChannel();
            g.basicConsume("theirs", true, "guest-tag", new DefaultConsumer(g));
            eventually("both consumers", () -> guest.getList("/api/consumers").size() >= 2);
            assertEquals(Set.of(USER), field(alice.getList("/api/connections"), "user"));
            assertEquals(Set.of(USER), field(alice.getList("/api/channels"), "user"));
            assertEquals(Set.of("alice-tag"), field(alice.getList("/api/consumers"), "consumer_tag"));
            assertEquals(List.of(), alice.getList("/api/consumers/%2F"),
                    "another vhost's consumers: an empty list, as RabbitMQ 3.10 answers (not 401)");
            assertEquals(Set.of(USER, "guest"), field(watcher.getList("/api/connections"), "user"),
                    "monitoring sees everyone's connections");
            String guestConn = guest.getList("/api/connections").stream().filter(c -> "guest".equals(c.get("user")))
                    .map(c -> (String) c.get("name")).findFirst().orElseThrow();
            expect(401, alice.get("/api/connections/" + encode(guestConn)));
            expect(401, alice.get("/api/channels/" + encode(guestConn + " (1)")));
            expect(401, alice.delete("/api/connections/" + encode(guestConn)));
            expect(200, watcher.get("/api/connections/" + encode(guestConn)));
            expect(401, watcher.delete("/api/connections/" + encode(guestConn))); // closing needs administrator
            assertTrue(theirs.isOpen());
        }
    }

    @Test
    void monitoringSeesEveryVhostButNoQueuesWithoutAPermission() {
        assertTrue(field(watcher.getList("/api/vhosts"), "name").containsAll(Set.of("/", VHOST)));
        assertEquals(List.of(), watcher.getList("/api/queues"));
        expect(401, watcher.get("/api/queues/" + VHOST + "/mine"));
        expect(200, watcher.get("/api/vhosts/" + VHOST));
    }
}
