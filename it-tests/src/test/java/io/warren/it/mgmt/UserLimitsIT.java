package io.warren.it.mgmt;

import com.rabbitmq.client.AlreadyClosedException;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * User limits ({@code max-connections}, {@code max-channels} over all of the user's connections) through
 * RabbitMQ's {@code /api/user-limits}, enforced with RabbitMQ 3.10's 530 replies (probed), kept across restarts
 * and carried in definitions as the users' {@code limits}.
 */
class UserLimitsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    private MgmtClient api;
    private String user;

    @BeforeEach
    void limitedUser() {
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        user = unique("limited");
        expect(201, api.put("/api/users/" + user, Map.of("password", "pw", "tags", "")));
        expect(201, api.put("/api/permissions/%2F/" + user, Map.of("configure", ".*", "write", ".*", "read", ".*")));
    }

    private void setLimit(String name, long value) {
        expect(204, api.put("/api/user-limits/" + user + "/" + name, Map.of("value", value)));
    }

    private Connection connect() throws Exception {
        return amqp(broker.port(), user, "pw", "/");
    }

    @Test
    void maxConnectionsRefusesConnectionOpenAndFreesTheSlotOnClose() throws Exception {
        setLimit("max-connections", 1);
        assertEquals(List.of(Map.of("user", user, "value", Map.of("max-connections", 1))),
                api.getList("/api/user-limits/" + user));
        try (Connection first = connect()) {
            IOException e = assertThrows(IOException.class, this::connect);
            assertEquals("NOT_ALLOWED - connection refused for user '" + user + "': user connection limit (1) is "
                    + "reached", Probes.replyText(e));
            assertTrue(first.isOpen());
            amqp(broker.port(), "guest", "guest", "/").close(); // other users are not limited
        }
        connect().close();
    }

    @Test
    void maxChannelsCountsTheUsersChannelsOnAllItsConnections() throws Exception {
        setLimit("max-channels", 2);
        Connection a = connect();
        try (Connection b = connect()) {
            a.createChannel();
            b.createChannel();
            AlreadyClosedException e = assertThrows(AlreadyClosedException.class, () -> {
                try {
                    a.createChannel();
                } catch (IOException io) {
                    throw new AlreadyClosedException(Probes.signalOf(io));
                }
            });
            assertEquals("NOT_ALLOWED - number of channels opened for user '" + user + "' has reached the maximum "
                    + "allowed user limit of (2)", Probes.replyText(e));
            assertFalse(a.isOpen(), "a hard error: the connection is closed, and its channel with it");
            Channel again = b.createChannel(); // a's channel gave its slot back
            assertTrue(again.isOpen());
            again.close();
            assertTrue(b.createChannel().isOpen(), "a closed channel gives its slot back too");
        } finally {
            a.abort(); // closed by the broker already
        }
    }

    @Test
    void badRequestsAreRefused() {
        expect(400, api.put("/api/user-limits/" + user + "/max-queues", Map.of("value", 5)));
        expect(400, api.put("/api/user-limits/" + user + "/max-channels", Map.of("value", "x")));
        // an unknown user, as RabbitMQ 3.10.8 answers (probed): the Erlang error on PUT, its plain 404 on GET
        String nobody = "nobody-" + user;
        Map<String, Object> missing = MgmtClient.object(
                expect(400, api.put("/api/user-limits/" + nobody + "/max-channels", Map.of("value", 5))).body());
        assertEquals(List.of("no_such_user", nobody), missing.get("reason"));
        assertEquals(Map.of("error", "Object Not Found", "reason", "Not Found"),
                MgmtClient.object(expect(404, api.get("/api/user-limits/" + nobody)).body()));
        expect(404, api.delete("/api/user-limits/" + nobody + "/max-channels"));
        assertEquals(List.of(), api.getList("/api/user-limits/" + user));
    }

    @Test
    void limitsSurviveARestartAPasswordChangeAndTravelWithDefinitions() throws Exception {
        setLimit("max-connections", 3);
        setLimit("max-channels", -1);
        expect(204, api.put("/api/users/" + user, Map.of("password", "pw", "tags", "management")));
        broker.restart();
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        Map<String, Object> both = Map.of("max-connections", 3, "max-channels", -1);
        assertEquals(both, api.getList("/api/user-limits/" + user).get(0).get("value"));

        String exported = expect(200, api.get("/api/definitions")).body();
        expect(204, api.delete("/api/user-limits/" + user + "/max-connections"));
        expect(204, api.delete("/api/user-limits/" + user + "/max-channels"));
        assertEquals(List.of(), api.getList("/api/user-limits/" + user));
        expect(204, api.post("/api/definitions", MgmtClient.object(exported)));
        assertEquals(both, api.getList("/api/user-limits/" + user).get(0).get("value"));
    }
}
