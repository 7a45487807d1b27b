package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * rabbitmq-c, the C client, through Debian's {@code amqp-tools} programs (amqp-declare-queue, amqp-publish,
 * amqp-consume, amqp-get, amqp-delete-queue), each result checked with the RabbitMQ Java client. Skips with a
 * message when the programs are missing, except under {@code CI=true}, where that is a failure.
 */
class RabbitmqCIT extends BrokerTestCase {
    private static final List<String> TOOLS =
            List.of("amqp-declare-queue", "amqp-publish", "amqp-consume", "amqp-get", "amqp-delete-queue");
    private static final long PROCESS_TIMEOUT_SECONDS = 30;

    @TempDir
    Path tmp;

    /** What a finished program printed, and its exit status. */
    record Run(List<String> command, int exit, String out, String err) {
        String show() {
            return String.join(" ", command) + "\nexit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    @BeforeAll
    static void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String tool : TOOLS) {
            if (ExternalClients.onPath(tool) == null) {
                missing.add(tool);
            }
        }
        ExternalClients.require(missing.isEmpty(), "rabbitmq-c",
                missing + " not found on PATH (Debian: apt-get install amqp-tools)");
    }

    /**
     * Runs one of the tools against the embedded broker with {@code stdin} as its input, killing it after the
     * timeout. Input and output are files, so neither side can block on a full pipe past the timeout.
     */
    private Run run(String stdin, String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool, "--server", "127.0.0.1",
                "--port", Integer.toString(broker.port()), "--username", "guest", "--password", "guest"));
        command.addAll(List.of(args));
        Path in = Files.writeString(Files.createTempFile(tmp, tool, ".in"), stdin);
        Path out = Files.createTempFile(tmp, tool, ".out");
        Path err = Files.createTempFile(tmp, tool, ".err");
        Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        boolean finished = p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Run r = new Run(command, finished ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
        if (!finished) {
            fail("killed after " + PROCESS_TIMEOUT_SECONDS + " s: " + r.show());
        }
        return r;
    }

    /** Runs a tool with empty input and asserts it exits 0. */
    private Run ok(String tool, String... args) throws Exception {
        Run r = run("", tool, args);
        assertEquals(0, r.exit(), () -> "expected success:\n" + r.show());
        return r;
    }

    /** basic.get with auto-ack, polled until a message comes (a round trip per poll). */
    private GetResponse awaitGet(String q) throws Exception {
        GetResponse[] got = new GetResponse[1];
        awaitCondition("a message on " + q, Duration.ofSeconds(5), () -> (got[0] = channel.basicGet(q, true)) != null);
        return got[0];
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void declaresADurableQueueAndPublishesPersistentMessagesWithProperties() throws Exception {
        String q = unique("rc-durable");
        Run declared = ok("amqp-declare-queue", "--durable", "--queue", q);
        assertEquals(q, declared.out().strip(), "amqp-declare-queue prints the queue name");
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
        assertEquals(406, replyCodeOf(() -> channel.queueDeclare(q, false, false, false, null)),
                "the queue is durable: a non-durable redeclare is inequivalent");
        channel = connection.createChannel();

        // -l: one message per input line, all on one connection
        Run published = run("one\ntwo\nthree\n", "amqp-publish", "--routing-key", q, "--persistent",
                "--content-type", "text/plain", "--content-encoding", "utf-8", "--header", "origin: rabbitmq-c",
                "--line-buffered");
        assertEquals(0, published.exit(), published::show);
        ok("amqp-publish", "--routing-key", q, "--persistent", "--content-type", "application/json",
                "--body", "{\"n\":4}");
        // a body from standard input larger than the C client's frame_max (131072): several body frames
        String large = "0123456789abcdef".repeat(20_000);
        Run publishedLarge = run(large, "amqp-publish", "--routing-key", q, "--persistent",
                "--content-type", "application/octet-stream");
        assertEquals(0, publishedLarge.exit(), publishedLarge::show);

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GetResponse g = awaitGet(q);
            AMQP.BasicProperties props = g.getProps();
            assertEquals(2, props.getDeliveryMode(), "persistent delivery mode");
            assertEquals(i < 3 ? "text/plain" : i == 3 ? "application/json" : "application/octet-stream",
                    props.getContentType());
            if (i < 3) {
                assertEquals("utf-8", props.getContentEncoding());
                assertNotNull(props.getHeaders(), "headers");
                assertEquals("rabbitmq-c", String.valueOf(props.getHeaders().get("origin")));
            }
            assertEquals("", g.getEnvelope().getExchange());
            assertEquals(q, g.getEnvelope().getRoutingKey());
            bodies.add(text(g.getBody()));
        }
        // --line-buffered keeps each line's newline, as it does against RabbitMQ
        assertEquals(List.of("one\n", "two\n", "three\n", "{\"n\":4}"), bodies.subList(0, 4));
        assertTrue(large.equals(bodies.get(4)), () -> "the large body differs (" + bodies.get(4).length() + " of "
                + large.length() + " chars)");
        assertNull(channel.basicGet(q, true), "exactly five messages");
    }

    @Test
    void consumesInOrderThenGetsTheUnacknowledgedRest() throws Exception {
        String q = unique("rc-consume");
        channel.queueDeclare(q, false, false, false, null);
        channel.confirmSelect();
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", q, null, ("m" + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(5_000);

        // one cat per message, acknowledging each after cat exits; stops after three
        Run consumed = ok("amqp-consume", "--queue", q, "--count", "3", "cat");
        assertEquals("m0\nm1\nm2\n", consumed.out(), consumed::show);

        // whatever the broker had sent beyond the third was unacknowledged and is back, in order
        Run got = ok("amqp-get", "--queue", q);
        assertEquals("m3\n", got.out(), got::show);
        GetResponse last = channel.basicGet(q, true);
        assertNotNull(last, "m4 is still queued");
        assertEquals("m4\n", text(last.getBody()));
        assertNull(channel.basicGet(q, true), "amqp-get took m3 (no-ack)");

        Run empty = run("", "amqp-get", "--queue", q);
        assertNotEquals(0, empty.exit(), () -> "amqp-get on an empty queue reports it:\n" + empty.show());
        assertEquals("", empty.out(), empty::show);
    }

    @Test
    void publishesThroughAnExchangeWithARoutingKey() throws Exception {
        String q = unique("rc-routed");
        String key = unique("key");
        channel.queueDeclare(q, false, false, true, null);
        channel.queueBind(q, "amq.direct", key);

        ok("amqp-publish", "--exchange", "amq.direct", "--routing-key", key + "-other", "--body", "stray");
        ok("amqp-publish", "--exchange", "amq.direct", "--routing-key", key, "--body", "routed");

        GetResponse g = awaitGet(q);
        assertEquals("routed", text(g.getBody()));
        assertEquals("amq.direct", g.getEnvelope().getExchange());
        assertEquals(key, g.getEnvelope().getRoutingKey());
        assertNull(channel.basicGet(q, true), "the message with another key was not routed here");
    }

    @Test
    void errorsReachTheCClientAndTheBrokerKeepsServing() throws Exception {
        String missing = unique("rc-missing");
        Run get = run("", "amqp-get", "--queue", missing);
        assertNotEquals(0, get.exit(), () -> "amqp-get on a missing queue must fail:\n" + get.show());
        assertTrue(get.err().contains("404") && get.err().contains("NOT_FOUND - no queue '" + missing + "'"),
                () -> "the C client reports the broker's channel.close:\n" + get.show());

        String q = unique("rc-full");
        channel.queueDeclare(q, false, false, false, null);
        channel.basicPublish("", q, null, "keep".getBytes(StandardCharsets.UTF_8));
        awaitCondition("the message queued", Duration.ofSeconds(5),
                () -> channel.queueDeclarePassive(q).getMessageCount() == 1);
        Run delete = run("", "amqp-delete-queue", "--queue", q, "--if-empty");
        assertNotEquals(0, delete.exit(), () -> "--if-empty on a non-empty queue must fail:\n" + delete.show());
        assertTrue(delete.err().contains("406") && delete.err().contains("PRECONDITION_FAILED"), delete::show);

        // the broker still serves: the queue and its message are intact, and the C client works again
        assertEquals(1, channel.queueDeclarePassive(q).getMessageCount());
        Run got = ok("amqp-get", "--queue", q);
        assertEquals("keep", got.out());
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
        channel.queueDelete(q);
    }

    @Test
    void deletesAQueue() throws Exception {
        String q = unique("rc-delete");
        ok("amqp-declare-queue", "--queue", q);
        channel.basicPublish("", q, null, "doomed".getBytes(StandardCharsets.UTF_8));
        awaitCondition("the message queued", Duration.ofSeconds(5),
                () -> channel.queueDeclarePassive(q).getMessageCount() == 1);

        Run deleted = ok("amqp-delete-queue", "--queue", q);
        assertEquals("1", deleted.out().strip(), "amqp-delete-queue prints the count of messages deleted");

        assertEquals(404, replyCodeOf(() -> channel.queueDeclarePassive(q)), "the queue is gone");
        assertFalse(channel.isOpen());
        channel = connection.createChannel();
        Run get = run("", "amqp-get", "--queue", q);
        assertNotEquals(0, get.exit(), () -> "the C client sees it gone too:\n" + get.show());
    }
}
