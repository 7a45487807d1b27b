package io.warren.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fails a test when the in-process broker logged an internal error or Netty reported a leak while it ran. The
 * broker logs through slf4j-simple to {@code System.err}, looked up at every write, so this extension tees that
 * stream for the test class. Register it next to the broker:
 * {@code @RegisterExtension static BrokerLogWatch logs = new BrokerLogWatch();}.
 */
public final class BrokerLogWatch implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private static final List<String> FORBIDDEN = List.of("internal error", "LEAK");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    public void beforeAll(ExtensionContext context) {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                    captured.notifyAll();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                    captured.notifyAll();
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.setErr(original);
        check(context.getDisplayName());
    }

    /** The broker log lines captured so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until a captured line contains every one of {@code fragments}, failing after {@code timeout}. */
    public void awaitLine(Duration timeout, String... fragments) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (captured) {
            while (captured.toString(StandardCharsets.UTF_8).lines()
                    .noneMatch(l -> Arrays.stream(fragments).allMatch(l::contains))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("no broker log line with " + Arrays.toString(fragments) + " within " + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(captured, left);
            }
        }
    }

    private void check(String when) {
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
            captured.reset();
        }
        for (String line : text.split("\n")) {
            for (String bad : FORBIDDEN) {
                if (line.contains(bad)) {
                    fail("broker log shows '" + bad + "' (during " + when + "): " + line);
                }
            }
        }
    }
}
