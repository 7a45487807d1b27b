package io.warren.it.mgmt;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Prometheus endpoint: valid text format (every sample belongs to a family with HELP and TYPE, names follow
 * the grammar), rabbitmq_prometheus names and values that follow AMQP traffic, per-object labels, and
 * {@code promtool check metrics} when promtool is installed (required under CI=true).
 */
class PrometheusIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withPrometheusPort(0));

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)"
            + "(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? (-?[0-9.eE+]+|NaN|[+-]Inf)");

    private String scrape(String path) {
        int port = broker.broker().extension(ManagementServer.class).prometheusPort();
        HttpResponse<String> r = expect(200, new MgmtClient(port, null, null).get(path));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return r.body();
    }

    /** Parses the exposition; returns sample name (with labels) -> value, after checking the format. */
    static Map<String, Double> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Set<String> helps = new HashSet<>();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String name = line.substring(7).split(" ", 2)[0];
                assertTrue(NAME.matcher(name).matches(), line);
                assertTrue(helps.add(name), "HELP twice for " + name);
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                assertTrue(Set.of("counter", "gauge", "untyped", "summary", "histogram").contains(parts[1]), line);
                assertTrue(types.put(parts[0], parts[1]) == null, "TYPE twice for " + parts[0]);
            } else if (line.startsWith("#")) {
                continue;
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "not a sample line: " + line);
                String family = m.group(1);
                assertTrue(types.containsKey(family) && helps.contains(family), "sample without HELP/TYPE: " + line);
                samples.put(line.substring(0, line.lastIndexOf(' ')), Double.parseDouble(m.group(4)));
            }
        }
        return samples;
    }

    @Test
    void metricsFollowTrafficWithRabbitMqNames() throws Exception {
        try (Connection c = ManagementApiIT.amqp(broker.port(), "guest", "guest", "/")) {
            Channel ch = c.createChannel();
            ch.queueDeclare("prom-q", false, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 5; i++) {
                ch.basicPublish("", "prom-q", null, "m".getBytes(StandardCharsets.UTF_8));
            }
            ch.basicPublish("", "no-such-queue", null, "lost".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(5_000);
            ch.basicGet("prom-q", false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Map<String, Double> m = parse(scrape("/metrics"));
            while (m.get("rabbitmq_queue_messages") < 5 && System.nanoTime() < deadline) {
                m = parse(scrape("/metrics"));
            }
            assertEquals(1, m.get("rabbitmq_connections"));
            assertEquals(1, m.get("rabbitmq_channels"));
            assertEquals(1, m.get("rabbitmq_queues"));
            assertEquals(4, m.get("rabbitmq_queue_messages_ready"));
            assertEquals(1, m.get("rabbitmq_queue_messages_unacked"));
            assertEquals(5, m.get("rabbitmq_queue_messages"));
            assertEquals(6, m.get("rabbitmq_global_messages_received_total{protocol=\"amqp091\"}"));
            assertEquals(5, m.get("rabbitmq_global_messages_routed_total{protocol=\"amqp091\"}"));
            assertEquals(1, m.get("rabbitmq_global_messages_unroutable_dropped_total{protocol=\"amqp091\"}"));
            assertEquals(6, m.get("rabbitmq_global_messages_confirmed_total{protocol=\"amqp091\"}"));
            assertEquals(1, m.get("rabbitmq_global_messages_delivered_total{protocol=\"amqp091\","
                    + "queue_type=\"rabbit_classic_queue\"}"));
            assertTrue(m.get("rabbitmq_process_resident_memory_bytes") > 0);
            assertTrue(m.get("rabbitmq_process_open_fds") > 0);
            assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("rabbitmq_identity_info{")));
            assertTrue(m.get("warren_jvm_heap_bytes{area=\"used\"}") > 0);

            Map<String, Double> per = parse(scrape("/metrics/per-object"));
            assertEquals(4, per.get("rabbitmq_queue_messages_ready{vhost=\"/\",queue=\"prom-q\"}"));
            assertEquals(1, per.get("rabbitmq_queue_messages_unacked{vhost=\"/\",queue=\"prom-q\"}"));
        }
        // Counters live in each connection and are summed when read: a closed connection's counts must stay.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, Double> after = parse(scrape("/metrics"));
        while (after.get("rabbitmq_connections") > 0 && System.nanoTime() < deadline) {
            after = parse(scrape("/metrics"));
        }
        assertEquals(0, after.get("rabbitmq_connections"));
        assertEquals(6, after.get("rabbitmq_global_messages_received_total{protocol=\"amqp091\"}"));
        assertEquals(6, after.get("rabbitmq_global_messages_confirmed_total{protocol=\"amqp091\"}"));
        assertEquals(1, after.get("rabbitmq_global_messages_delivered_total{protocol=\"amqp091\","
                + "queue_type=\"rabbit_classic_queue\"}"));
    }

    @Test
    void promtoolAcceptsTheOutput() throws Exception {
        File promtool = findOnPath("promtool");
        if (promtool == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("promtool is not on the PATH, but CI=true requires it (Debian package 'prometheus')");
            }
            Assumptions.abort("promtool is not on the PATH (install Debian's 'prometheus' package): skipping "
                    + "'promtool check metrics'");
        }
        for (String path : new String[] {"/metrics", "/metrics/per-object"}) {
            Path file = Files.createTempFile("warren-metrics", ".txt");
            Files.writeString(file, scrape(path));
            Process p = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true)
                    .redirectInput(file.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals(0, p.exitValue(), "promtool check metrics on " + path + ":\n" + out);
            Files.delete(file);
        }
    }

    static File findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f;
            }
        }
        return null;
    }
}
