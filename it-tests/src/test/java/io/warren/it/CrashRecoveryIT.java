package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Nothing confirmed is lost: a broker in a child JVM is killed with SIGKILL at random moments while a publisher
 * with confirms is running; after every restart each confirmed message must still be in the queue (messages that
 * were not confirmed may or may not be there) and the store must open cleanly.
 */
class CrashRecoveryIT {
    private static final Pattern LISTENING = Pattern.compile("listening for AMQP 0-9-1 on [^ ]*:(\\d+)");
    private static final String QUEUE = "crash-test";
    private static final int CYCLES = 6;

    @TempDir
    Path dataDir;

    @Test
    void confirmedMessagesSurviveKillDashNine() throws Exception {
        Random random = new Random(42);
        long nextId = 0;
        Set<Long> confirmedBefore = new HashSet<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            Process broker = startBroker();
            int port = awaitPort(broker);
            ConnectionFactory f = new ConnectionFactory();
            f.setPort(port);
            f.setAutomaticRecoveryEnabled(false);
            try (Connection c = f.newConnection()) {
                Channel ch = c.createChannel();
                ch.queueDeclare(QUEUE, true, false, false, null);
                Set<Long> present = drain(ch);
                for (long id : confirmedBefore) {
                    if (!present.contains(id)) {
                        fail("cycle " + cycle + ": confirmed message " + id + " was lost (" + present.size()
                                + " messages recovered)");
                    }
                }
            }
            // Publish with confirms until the broker is killed at a random moment.
            ConcurrentSkipListSet<Long> confirmed = new ConcurrentSkipListSet<>();
            long firstId = nextId;
            CompletableFuture<Long> publisher = CompletableFuture.supplyAsync(() -> publishUntilDead(port, firstId,
                    confirmed));
            long killAfterConfirms = 200 + random.nextInt(3000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (confirmed.size() < killAfterConfirms && System.nanoTime() < deadline && !publisher.isDone()) {
                Thread.onSpinWait();
            }
            broker.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            broker.waitFor(30, TimeUnit.SECONDS);
            nextId = publisher.get(30, TimeUnit.SECONDS);
            assertTrue(confirmed.size() >= 100, "cycle " + cycle + ": too few confirms before the kill: "
                    + confirmed.size());
            confirmedBefore = new HashSet<>(confirmed);
        }
        // A last restart: the store must open cleanly and hold the last cycle's confirmed messages.
        Process broker = startBroker();
        int port = awaitPort(broker);
        ConnectionFactory f = new ConnectionFactory();
        f.setPort(port);
        try (Connection c = f.newConnection()) {
            Set<Long> present = drain(c.createChannel());
            assertTrue(present.containsAll(confirmedBefore), "confirmed messages lost in the last cycle");
        } finally {
            broker.destroy();
            broker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Publishes persistent messages with confirms until the connection dies; returns the next unused id. */
    private static long publishUntilDead(int port, long firstId, Set<Long> confirmed) {
        long id = firstId;
        ConnectionFactory f = new ConnectionFactory();
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        try (Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            ch.confirmSelect();
            long base = ch.getNextPublishSeqNo() - firstId; // seq n carries id n - base
            ch.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long seq, boolean multiple) {
                    long last = seq - base;
                    long from = multiple ? firstId : last;
                    for (long i = from; i <= last; i++) {
                        confirmed.add(i);
                    }
                }

                @Override
                public void handleNack(long seq, boolean multiple) {
                }
            });
            byte[] pad = new byte[512];
            while (true) {
                byte[] body = new byte[8 + pad.length];
                ByteBuffer.wrap(body).putLong(id);
                ch.basicPublish("", QUEUE, MessageProperties.PERSISTENT_BASIC, body);
                id++;
                if (id % 500 == 0) {
                    ch.waitForConfirms(10_000); // keep at most 500 in flight
                }
            }
        } catch (Exception dead) {
            return id;
        }
    }

    private static Set<Long> drain(Channel ch) throws Exception {
        Set<Long> ids = new HashSet<>();
        GetResponse r;
        while ((r = ch.basicGet(QUEUE, true)) != null) {
            ids.add(ByteBuffer.wrap(r.getBody()).getLong());
            // After a crash nothing tells which messages had been delivered: all may have been, as in RabbitMQ.
            assertTrue(r.getEnvelope().isRedeliver(), "a message recovered after a crash is marked redelivered");
        }
        return ids;
    }

    private Process startBroker() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.warren.broker.BrokerMain", "--port", "0", "--bind-address", "127.0.0.1", "--management-port",
                "-1", "--prometheus-port", "-1", "--data-dir", dataDir.toString()));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static int awaitPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drainer = new Thread(() -> out.lines().forEach(l -> { }), "broker-output");
                drainer.setDaemon(true);
                drainer.start();
                return Integer.parseInt(m.group(1));
            }
        }
        fail("broker did not start:\n" + seen);
        return -1;
    }
}
