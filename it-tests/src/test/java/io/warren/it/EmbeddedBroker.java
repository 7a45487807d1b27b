package io.warren.it;

import io.warren.broker.Broker;
import io.warren.broker.BrokerConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * JUnit 5 extension: an in-process broker on an OS-chosen port with a fresh data directory, started once per
 * test class. Register it with {@code @RegisterExtension static EmbeddedBroker broker = new EmbeddedBroker();}.
 */
public final class EmbeddedBroker implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<BrokerConfig> customizer;
    private Path dataDir;
    private Broker broker;

    public EmbeddedBroker() {
        this(UnaryOperator.identity());
    }

    public EmbeddedBroker(UnaryOperator<BrokerConfig> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("warren-it-");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        deleteTree(dataDir);
    }

    public void start() {
        broker = new Broker(customizer.apply(BrokerConfig.forTests(dataDir))).start();
    }

    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Stops and starts again on the same data directory (and a new port). */
    public void restart() {
        stop();
        start();
    }

    public Broker broker() {
        return broker;
    }

    public int port() {
        return broker.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
