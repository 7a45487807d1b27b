package io.warren.it;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command-line entry point, run as a child JVM the way the distribution runs it: bad settings exit with 2
 * and name the setting, a port in use exits with 1, {@code --help} prints usage, and a started broker serves AMQP
 * and stops cleanly on SIGTERM.
 */
class BrokerMainIT {
    private static final long TIMEOUT_SECONDS = 20;
    private static final Pattern LISTENING = Pattern.compile("listening for AMQP 0-9-1 on [^ ]*:(\\d+)");
    private static final Pattern TLS_LISTENING = Pattern.compile("listening for AMQP 0-9-1 over TLS on [^ ]*:(\\d+)");

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** A child JVM running BrokerMain, its stdout and stderr merged and collected line by line. */
    private final class Child {
        final Process process;
        final List<String> lines = new ArrayList<>();
        private final List<Waiter> waiters = new ArrayList<>();

        private record Waiter(Predicate<String> match, CompletableFuture<String> line) {
        }

        Child(String... args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "io.warren.broker.BrokerMain"));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            started.add(process);
            Thread reader = new Thread(this::pump, "broker-main-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println("[child] " + line);
                    synchronized (this) {
                        lines.add(line);
                        for (Waiter w : waiters) {
                            if (w.match.test(line)) {
                                w.line.complete(line);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
        }

        /** The first output line matching {@code match}, waiting for it up to the timeout. */
        String awaitLine(Predicate<String> match) throws Exception {
            CompletableFuture<String> f = new CompletableFuture<>();
            synchronized (this) {
                lines.stream().filter(match).findFirst().ifPresent(f::complete);
                waiters.add(new Waiter(match, f));
            }
            try {
                return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                fail("no matching line within " + TIMEOUT_SECONDS + " s; output so far:\n" + output());
                return null;
            }
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("the broker did not exit within " + TIMEOUT_SECONDS + " s; output:\n" + output());
            }
            return process.exitValue();
        }

        synchronized String output() {
            return String.join("\n", lines);
        }
    }

    private String[] offPorts(String... more) {
        List<String> a = new ArrayList<>(List.of("--management-port", "-1", "--prometheus-port", "-1",
                "--data-dir", dataDir.toString(), "--bind-address", "127.0.0.1"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void nonNumericPortExitsWithStatusTwoNamingTheSetting() throws Exception {
        Child c = new Child(offPorts("--port", "notanumber"));
        assertEquals(2, c.awaitExit(), c.output());
        String line = c.awaitLine(l -> l.contains("notanumber"));
        assertTrue(line.contains("port"), line);
    }

    @Test
    void unknownOptionExitsWithStatusTwo() throws Exception {
        Child c = new Child(offPorts("--no-such-option", "1"));
        assertEquals(2, c.awaitExit(), c.output());
        c.awaitLine(l -> l.contains("no-such-option"));
    }

    @Test
    void portInUseExitsWithStatusOneAndSaysSo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Child c = new Child(offPorts("--port", String.valueOf(port)));
            assertEquals(1, c.awaitExit(), c.output());
            String line = c.awaitLine(l -> l.contains(String.valueOf(port)));
            assertTrue(line.toLowerCase().contains("cannot") || line.toLowerCase().contains("in use"), line);
        }
    }

    @Test
    void clientRenegotiationFalseRefusesARenegotiationTheClientStarts() throws Exception {
        // the JDK reads this once per process, so the broker runs in its own (TlsIT checks the default)
        TestPki pki = TestPki.shared();
        Child c = new Child(offPorts("--port", "-1", "--ssl-port", "0", "--ssl-certfile",
                pki.serverChainPem().toString(), "--ssl-keyfile", pki.serverKeyPem().toString(),
                "--ssl-client-renegotiation", "false"));
        Matcher m = TLS_LISTENING.matcher(c.awaitLine(l -> TLS_LISTENING.matcher(l).find()));
        assertTrue(m.find());
        int port = Integer.parseInt(m.group(1));
        try {
            int first = pki.firstByteAfterRenegotiating(port);
            assertEquals(-1, first, "the broker answered after a refused renegotiation");
        } catch (IOException refused) {
            assertTrue(String.valueOf(refused.getMessage()).contains("handshake_failure"), refused::toString);
        }
        c.awaitLine(l -> l.contains("renegotiation is not allowed"));
    }

    @Test
    void helpPrintsUsageAndExitsWithZero() throws Exception {
        Child c = new Child("--help");
        assertEquals(0, c.awaitExit(), c.output());
        c.awaitLine(l -> l.startsWith("usage:"));
        c.awaitLine(l -> l.contains("--port"));
    }

    @Test
    void startsServesAndStopsCleanlyOnSigterm() throws Exception {
        Child c = new Child(offPorts("--port", "0"));
        Matcher m = LISTENING.matcher(c.awaitLine(l -> LISTENING.matcher(l).find()));
        assertTrue(m.find());
        int port = Integer.parseInt(m.group(1));
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        try (Connection conn = f.newConnection()) {
            conn.createChannel().queueDeclare("", false, true, true, null);
        }
        // SIGTERM. Not Process.destroy(): that also closes our end of the child's output, losing its last lines.
        assertTrue(c.process.toHandle().destroy(), "SIGTERM could not be requested");
        c.awaitExit();
        c.awaitLine(l -> l.contains("stopped"));
        String out = c.output();
        assertTrue(!out.contains("ERROR") && !out.contains("Exception"), "unclean shutdown:\n" + out);
    }
}
