package io.warren.it.mgmt;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A stream's offsets, size, segments and consumer groups in the HTTP API, and resetting a group. */
class StreamManagementIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0).withPrometheusPort(0));

    @Test
    @SuppressWarnings("unchecked")
    void streamInfoAndGroupReset() throws Exception {
        MgmtClient api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
        String q = ManagementApiIT.unique("stream");
        try (Connection c = ManagementApiIT.amqp(broker.port(), "guest", "guest", "/")) {
            Channel ch = c.createChannel();
            ch.queueDeclare(q, true, false, false, Map.of("x-queue-type", "stream"));
            ch.confirmSelect();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", q, null, ("m" + i).getBytes());
            }
            ch.waitForConfirmsOrDie(5_000);
            Channel consumer = c.createChannel();
            consumer.basicQos(10);
            consumer.basicConsume(q, false, Map.of("x-consumer-group", "g", "x-stream-offset", "first"),
                    new DefaultConsumer(consumer) {
                        @Override
                        public void handleDelivery(String tag, com.rabbitmq.client.Envelope env,
                                                   com.rabbitmq.client.AMQP.BasicProperties p, byte[] body)
                                throws java.io.IOException {
                            getChannel().basicAck(env.getDeliveryTag(), false);
                        }
                    });
            String path = "/api/queues/%2F/" + q;
            ManagementApiIT.eventually("the group's commit to show", () -> {
                Map<String, Object> stream = (Map<String, Object>) api.getObject(path).get("stream");
                return Map.of("g", 2).equals(stream.get("consumer_groups"));
            });
            Map<String, Object> json = api.getObject(path);
            assertEquals("stream", json.get("type"));
            Map<String, Object> stream = (Map<String, Object>) json.get("stream");
            assertEquals(0, stream.get("first_offset"));
            assertEquals(2, stream.get("last_offset"));
            assertEquals(1, stream.get("segments"));
            assertEquals(3, json.get("messages"));
            expect(400, api.delete(path + "/groups/g")); // still consumed
            consumer.close();
            expect(204, api.delete(path + "/groups/g"));
            assertEquals(Map.of(), ((Map<String, Object>) api.getObject(path).get("stream")).get("consumer_groups"));
        }
    }
}
