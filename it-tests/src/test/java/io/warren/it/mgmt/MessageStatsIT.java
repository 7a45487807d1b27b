package io.warren.it.mgmt;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static io.warren.it.mgmt.ManagementApiIT.encode;
import static io.warren.it.mgmt.ManagementApiIT.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Message statistics over real HTTP: exchanges' {@code publish_in}/{@code publish_out}, channels'
 * {@code message_stats}, and per-object history ({@code msg_rates_age}, {@code lengths_age}). The background
 * sampler is stopped: the tests take every sample themselves ({@link BrokerAdmin#sampleRatesNow()}), so rates
 * are exact. Counts are read after a synchronous round trip on the publishing channel (publisher confirms or
 * a passive declare), which the broker answers only after handling the frames before it.
 */
class MessageStatsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    static BrokerAdmin admin;
    MgmtClient api;

    @BeforeAll
    static void takeSamplesByHand() {
        admin = broker.broker().extension(ManagementServer.class).admin();
        admin.close(); // stops the background sampler only; the API keeps serving
    }

    @BeforeEach
    void client() {
        api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
    }

    static Connection connect(String name) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.port());
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection(name);
    }

    /** A sample strictly later (by the millisecond clock the broker samples with) than the previous one. */
    static long sampleAfter(long previous) {
        while (System.currentTimeMillis() <= previous) {
            Thread.onSpinWait();
        }
        admin.sampleRatesNow();
        return System.currentTimeMillis();
    }

    static Map<?, ?> stats(Map<String, Object> object) {
        return (Map<?, ?>) object.get("message_stats");
    }

    static long count(Map<String, Object> object, String field) {
        return ((Number) stats(object).get(field)).longValue();
    }

    static double rate(Map<String, Object> object, String field) {
        return ((Number) ((Map<?, ?>) stats(object).get(field + "_details")).get("rate")).doubleValue();
    }

    @Test
    void exchangesCountMessagesPublishedInAndQueueDeliveriesOut() throws Exception {
        String fan = unique("fan");
        String hop = unique("hop");
        String direct = unique("direct");
        String q1 = unique("q1");
        String q2 = unique("q2");
        try (Connection c = connect(unique("x-stats"))) {
            Channel ch = c.createChannel();
            ch.exchangeDeclare(fan, BuiltinExchangeType.FANOUT);
            ch.exchangeDeclare(hop, BuiltinExchangeType.FANOUT);
            ch.exchangeDeclare(direct, BuiltinExchangeType.DIRECT);
            ch.queueDeclare(q1, false, false, false, null);
            ch.queueDeclare(q2, false, false, false, null);
            ch.queueBind(q1, fan, "");
            ch.exchangeBind(hop, fan, ""); // fan -> hop -> q2: q2 is reached through another exchange
            ch.queueBind(q2, hop, "");
            ch.confirmSelect();
            long t = sampleAfter(0);
            for (int i = 0; i < 3; i++) {
                ch.basicPublish(fan, "", null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            ch.basicPublish(direct, "nowhere", null, "lost".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(10_000);
            sampleAfter(t);
        }
        Map<String, Object> x = api.getObject("/api/exchanges/%2F/" + fan);
        assertEquals(3, count(x, "publish_in"));
        assertEquals(6, count(x, "publish_out"), "each message reached two queues");
        assertTrue(rate(x, "publish_in") > 0, x.toString());
        assertTrue(rate(x, "publish_out") > rate(x, "publish_in"), x.toString());
        Map<String, Object> through = api.getObject("/api/exchanges/%2F/" + hop);
        assertEquals(0, count(through, "publish_in"), "as in RabbitMQ, only the exchange published to counts");
        assertEquals(0, count(through, "publish_out"));
        Map<String, Object> unroutable = api.getObject("/api/exchanges/%2F/" + direct);
        assertEquals(1, count(unroutable, "publish_in"));
        assertEquals(0, count(unroutable, "publish_out"));
        Map<String, Object> listed = api.getList("/api/exchanges/%2F").stream()
                .filter(e -> fan.equals(e.get("name"))).findFirst().orElseThrow();
        assertEquals(3, count(listed, "publish_in"));
        assertEquals(0.0, rate(api.getObject("/api/exchanges/%2F/amq.topic"), "publish_in"));
    }

    @Test
    void channelsCountPublishesDeliveriesGetsAcksRedeliveriesAndConfirms() throws Exception {
        String q = unique("ch-stats");
        String connName = unique("ch-conn");
        try (Connection c = connect(connName)) {
            Channel ch = c.createChannel();
            ch.queueDeclare(q, false, false, false, null);
            ch.confirmSelect();
            long t = sampleAfter(0);
            for (int i = 0; i < 4; i++) {
                ch.basicPublish("", q, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(10_000);
            GetResponse first = ch.basicGet(q, false);
            ch.basicReject(first.getEnvelope().getDeliveryTag(), true); // back to the queue: redelivered next
            for (int i = 0; i < 4; i++) {
                GetResponse r = ch.basicGet(q, false);
                ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
            }
            ch.queueDeclarePassive(q); // a round trip: the broker has handled the acks before it answers
            sampleAfter(t);
            String name = channelName(connName);
            Map<String, Object> one = api.getObject("/api/channels/" + encode(name));
            assertEquals(4, count(one, "publish"));
            assertEquals(4, count(one, "confirm"));
            assertEquals(5, count(one, "get"));
            assertEquals(0, count(one, "deliver"));
            assertEquals(5, count(one, "deliver_get"));
            assertEquals(1, count(one, "redeliver"));
            assertEquals(4, count(one, "ack"));
            assertTrue(rate(one, "publish") > 0, one.toString());
            assertTrue(rate(one, "ack") > 0, one.toString());
            Map<String, Object> listed = api.getList("/api/channels").stream()
                    .filter(x -> name.equals(x.get("name"))).findFirst().orElseThrow();
            assertEquals(4, count(listed, "ack"));
            Map<?, ?> withHistory = stats(api.getObject("/api/channels/" + encode(name)
                    + "?msg_rates_age=60&msg_rates_incr=1"));
            assertTrue(((Map<?, ?>) withHistory.get("publish_details")).containsKey("samples"), withHistory.toString());
        }
    }

    private String channelName(String connectionName) {
        for (Map<String, Object> c : api.getList("/api/connections")) {
            if (connectionName.equals(((Map<?, ?>) c.get("client_properties")).get("connection_name"))) {
                return c.get("name") + " (1)";
            }
        }
        return fail("no connection named " + connectionName);
    }

    @Test
    void queuesKeepHistoryForMsgRatesAgeAndLengthsAge() throws Exception {
        String q = unique("history");
        long after;
        try (Connection c = connect(unique("q-history"))) {
            Channel ch = c.createChannel();
            ch.queueDeclare(q, false, false, false, null);
            ch.confirmSelect();
            long t = sampleAfter(0);
            for (int i = 0; i < 7; i++) {
                ch.basicPublish("", q, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            ch.waitForConfirmsOrDie(10_000);
            // The queue has the messages once they are confirmed; its length gauge follows a moment later.
            ManagementApiIT.eventually("7 messages ready", () -> messageCount(ch, q) == 7);
            after = sampleAfter(t);
        }
        // Message-rate points are rounded down to the increment, as in RabbitMQ: wait for the second after the
        // sample to begin, so that the newest point shows it. (A wait for the clock, not for the broker.)
        long nextSecond = (after / 1000 + 1) * 1000;
        while (System.currentTimeMillis() < nextSecond) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        String history = "?msg_rates_age=60&msg_rates_incr=1&lengths_age=60&lengths_incr=1";
        Map<String, Object> one = api.getObject("/api/queues/%2F/" + q + history);
        List<?> publish = samples(stats(one), "publish_details");
        assertEquals(7L, sample(publish.get(0)), one.toString());
        assertDescendingBySecond(publish);
        Map<?, ?> publishDetails = (Map<?, ?>) stats(one).get("publish_details");
        assertTrue(((Number) publishDetails.get("rate")).doubleValue() > 0, publishDetails.toString());
        List<?> lengths = samples(one, "messages_details");
        assertEquals(7L, sample(lengths.get(0)), "lengths round up: the newest point is the last sample");
        assertDescendingBySecond(lengths);
        assertTrue(one.get("messages_ready_details") instanceof Map<?, ?> d && d.containsKey("samples"));
        Map<String, Object> listed = api.getList("/api/queues/%2F" + history).stream()
                .filter(x -> q.equals(x.get("name"))).findFirst().orElseThrow();
        assertEquals(7L, sample(samples(stats(listed), "publish_details").get(0)));
        Map<String, Object> plain = api.getObject("/api/queues/%2F/" + q);
        assertTrue(!((Map<?, ?>) stats(plain).get("publish_details")).containsKey("samples"),
                "samples only when asked for");
        MgmtClient.expect(400, api.get("/api/queues/%2F/" + q + "?msg_rates_age=600&msg_rates_incr=0"));
    }

    private static long messageCount(Channel ch, String q) {
        try {
            return ch.queueDeclarePassive(q).getMessageCount();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<?> samples(Map<?, ?> owner, String details) {
        Object s = ((Map<?, ?>) owner.get(details)).get("samples");
        assertTrue(s instanceof List<?> l && !l.isEmpty(), details + ": " + owner);
        return (List<?>) s;
    }

    private static long sample(Object point) {
        return ((Number) ((Map<?, ?>) point).get("sample")).longValue();
    }

    private static void assertDescendingBySecond(List<?> points) {
        long previous = Long.MAX_VALUE;
        for (Object p : points) {
            long ts = ((Number) ((Map<?, ?>) p).get("timestamp")).longValue();
            assertEquals(0, ts % 1000, "points fall on the increment");
            assertTrue(previous == Long.MAX_VALUE || previous - ts == 1000, "newest first, one a second");
            previous = ts;
        }
    }
}
