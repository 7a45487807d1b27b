package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import io.warren.broker.Broker;
import io.warren.broker.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RabbitMQ's {@code load_definitions}: a definitions file (as exported, or written by hand with plain passwords)
 * imported at every start before clients can connect; on a fresh node it stands in for the default vhost and
 * user; a bad file stops the start with the reason.
 */
class BootDefinitionsIT {
    private static final String DEFINITIONS = """
            {
              "vhosts": [{"name": "orders"}],
              "users": [{"name": "app", "password": "s3cret", "tags": "administrator"}],
              "permissions": [{"user": "app", "vhost": "orders", "configure": ".*", "write": ".*", "read": ".*"}],
              "policies": [{"vhost": "orders", "name": "cap", "pattern": "^audit$", "apply-to": "queues",
                            "priority": 0, "definition": {"max-length": 2}}],
              "exchanges": [{"name": "events", "vhost": "orders", "type": "topic", "durable": true,
                             "auto_delete": false, "internal": false, "arguments": {}}],
              "queues": [{"name": "audit", "vhost": "orders", "durable": true, "auto_delete": false,
                          "arguments": {"x-queue-type": "classic"}}],
              "bindings": [{"source": "events", "vhost": "orders", "destination": "audit",
                            "destination_type": "queue", "routing_key": "order.#", "arguments": {}}]
            }
            """;

    private static ConnectionFactory factory(Broker broker, String user, String pass, String vhost) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.port());
        f.setUsername(user);
        f.setPassword(pass);
        f.setVirtualHost(vhost);
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }

    private static Broker start(Path data, Path file) {
        return new Broker(BrokerConfig.forTests(data).withLoadDefinitions(file)).start();
    }

    @Test
    void aFreshNodeGetsTheFilesTopologyInsteadOfTheDefaultsAndKeepsItAcrossRestarts(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("definitions.json"), DEFINITIONS);
        Path data = Files.createDirectory(dir.resolve("data"));
        try (Broker broker = start(data, file)) {
            try (Connection c = factory(broker, "app", "s3cret", "orders").newConnection()) {
                Channel ch = c.createChannel();
                for (int i = 0; i < 3; i++) {
                    ch.basicPublish("events", "order.created", MessageProperties.PERSISTENT_BASIC, Probes.body(i));
                }
                AMQP.Queue.DeclareOk audit = ch.queueDeclarePassive("audit");
                assertEquals(2, audit.getMessageCount(), "routed by the file's binding, capped by its policy");
            }
            assertThrows(AuthenticationFailureException.class,
                    () -> factory(broker, "guest", "guest", "/").newConnection(),
                    "no default user when definitions are loaded at boot, as RabbitMQ");
        }
        try (Broker again = start(data, file)) { // the same file again: a merge, not a conflict
            try (Connection c = factory(again, "app", "s3cret", "orders").newConnection()) {
                Channel ch = c.createChannel();
                assertEquals(2, ch.queueDeclarePassive("audit").getMessageCount(), "the messages stayed");
                assertEquals(1, Probes.number(ch.basicGet("audit", true).getBody()));
            }
        }
    }

    @Test
    void aFileLoadedIntoAnExistingNodeMergesWithWhatIsThere(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        try (Broker first = new Broker(BrokerConfig.forTests(data)).start();
             Connection c = factory(first, "guest", "guest", "/").newConnection()) {
            c.createChannel().queueDeclare("kept", true, false, false, null);
        }
        Path file = Files.writeString(dir.resolve("definitions.json"), DEFINITIONS);
        try (Broker broker = start(data, file);
             Connection guest = factory(broker, "guest", "guest", "/").newConnection();
             Connection app = factory(broker, "app", "s3cret", "orders").newConnection()) {
            assertNotNull(guest.createChannel().queueDeclarePassive("kept"));
            assertNotNull(app.createChannel().exchangeDeclarePassive("events"));
        }
    }

    @Test
    void aBadFileStopsTheStartWithTheReason(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Map<String, String> cases = Map.of(
                "{\"queues\": [", "malformed JSON",
                "{\"queues\": [{\"name\": \"q\", \"vhost\": \"nowhere\", \"durable\": true}]}",
                "queue 'q' in vhost 'nowhere'",
                "[]", "expected a JSON object");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = Files.writeString(dir.resolve("bad.json"), c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(data, file));
            assertTrue(e.getMessage().startsWith("load_definitions: " + file + ": ")
                    && e.getMessage().contains(c.getValue()), e.getMessage());
        }
        Path missing = dir.resolve("missing.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(data, missing));
        assertTrue(e.getMessage().startsWith("load_definitions: cannot read " + missing), e.getMessage());
        try (Broker fine = start(data, Files.writeString(dir.resolve("ok.json"), DEFINITIONS))) {
            assertTrue(fine.port() > 0, "a failed start leaves the data directory usable");
        }
    }
}
