package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * amqplib, the Node.js client, through {@code src/test/node/amqplib_checks.js}: one scenario per test, each a
 * Node process that connects to the embedded broker and asserts what amqplib hands the application (the script
 * holds the checks; this class checks it ran them all and, for properties, reads the result back with the Java
 * client). amqplib is installed with {@code npm ci --prefix src/test/node} (.ci/run does it); without node or
 * that install the tests skip, except under {@code CI=true}.
 */
class AmqplibIT extends BrokerTestCase {
    private static final Path DIR = Path.of("src/test/node");
    private static final Path SCRIPT = DIR.resolve("amqplib_checks.js");
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;

    @BeforeAll
    static void requireAmqplib() {
        ExternalClients.require(ExternalClients.onPath("node") != null, "amqplib",
                "node is not on PATH (Debian: apt-get install nodejs npm)");
        ExternalClients.require(Files.isDirectory(DIR.resolve("node_modules/amqplib")), "amqplib",
                "amqplib is not installed under " + DIR + " (run: npm ci --prefix it-tests/src/test/node)");
    }

    /** Runs one scenario of the script against the embedded broker and asserts it reported success. */
    private void check(String scenario, String name) throws Exception {
        ExternalClients.runScenario(List.of("node", SCRIPT.toString(), scenario,
                "amqp://guest:guest@127.0.0.1:" + broker.port(), name), scenario, tmp, TIMEOUT_SECONDS);
    }

    private void check(String scenario) throws Exception {
        check(scenario, unique("amqplib"));
    }

    @Test
    void helloWorld() throws Exception {
        check("hello");
    }

    @Test
    void workQueueSharedByTwoWorkersWithPrefetchOne() throws Exception {
        check("work");
    }

    @Test
    void publishSubscribeThroughAFanoutExchangeToServerNamedQueues() throws Exception {
        check("pubsub");
    }

    @Test
    void routingThroughADirectExchange() throws Exception {
        check("routing");
    }

    @Test
    void topicPatternsRouteAsInTheTutorial() throws Exception {
        check("topics");
    }

    @Test
    void rpcThroughACallbackQueueAndThroughDirectReplyTo() throws Exception {
        check("rpc");
    }

    @Test
    void publisherConfirmsAndAReturnedMandatoryMessage() throws Exception {
        check("confirms");
    }

    @Test
    void errorRepliesReachAmqplibAndTheConnectionGoesOn() throws Exception {
        check("errors");
        assertTrue(connection.isOpen());
    }

    @Test
    void headersExchangeMatchesTheTypesAmqplibEncodes() throws Exception {
        check("headers");
    }

    @Test
    void deletingAQueueCancelsItsAmqplibConsumer() throws Exception {
        check("cancel");
    }

    @Test
    void basicGetNackWithRequeueAndPurge() throws Exception {
        check("get");
    }

    @Test
    void heartbeatsKeepAnIdleConnectionOpen() throws Exception {
        check("heartbeat");
    }

    @Test
    void propertiesAndHeadersFromAmqplibReachTheJavaClientIntact() throws Exception {
        String q = unique("amqplib-props");
        channel.queueDeclare(q, true, false, false, null);
        check("properties", q);

        GetResponse got = channel.basicGet(q, true);
        assertNotNull(got, "the message amqplib published");
        assertEquals("with properties", new String(got.getBody(), StandardCharsets.UTF_8));
        AMQP.BasicProperties props = got.getProps();
        assertEquals("application/json", props.getContentType());
        assertEquals("identity", props.getContentEncoding());
        assertEquals(2, props.getDeliveryMode());
        assertEquals(3, props.getPriority());
        assertEquals("corr-1", props.getCorrelationId());
        assertEquals("replies", props.getReplyTo());
        assertEquals("60000", props.getExpiration());
        assertEquals("msg-1", props.getMessageId());
        assertEquals(new Date(1_700_000_000_000L), props.getTimestamp());
        assertEquals("example", props.getType());
        assertEquals("amqplib-checks", props.getAppId());
        assertNull(props.getUserId());

        Map<String, Object> h = props.getHeaders();
        assertNotNull(h);
        assertEquals("value", h.get("text").toString());
        assertInstanceOf(LongString.class, h.get("text"));
        assertEquals(42L, ((Number) h.get("small")).longValue());
        assertEquals(-7L, ((Number) h.get("negative")).longValue());
        assertEquals(1_099_511_627_776L, ((Number) h.get("large")).longValue());
        assertEquals(1.5, ((Number) h.get("fraction")).doubleValue());
        assertEquals(Boolean.TRUE, h.get("flag"));
        Object nested = h.get("nested");
        assertInstanceOf(Map.class, nested);
        assertEquals("x", ((Map<?, ?>) nested).get("inner").toString());
        Object list = h.get("list");
        assertInstanceOf(List.class, list);
        List<?> items = (List<?>) list;
        assertEquals(3, items.size());
        assertEquals(1L, ((Number) items.get(0)).longValue());
        assertEquals("two", items.get(1).toString());
        assertEquals(Boolean.FALSE, items.get(2));
        assertTrue(h.containsKey("nothing"));
        assertNull(h.get("nothing"));
        assertNull(channel.basicGet(q, true), "exactly one message");
    }
}
