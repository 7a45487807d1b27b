package io.warren.broker;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Layering inside broker-core (STYLE.md C1): the domain packages never see the wire. Kafka's import-control idea,
 * checked by reading the sources.
 */
class ArchitectureTest {
    private static final List<String> WIRE = List.of("import io.warren.codec.frame", "import io.warren.codec.method",
            "import io.warren.codec.wire", "import io.netty.channel.Channel;", "import io.netty.channel.ChannelHandler");
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "io/warren/broker/queue", WIRE,
            "io/warren/broker/vhost", WIRE,
            "io/warren/broker/message", List.of("import io.warren.codec.method", "import io.warren.codec.wire",
                    "import io.netty.channel"),
            "io/warren/broker/security", WIRE);

    @Test
    void domainPackagesDoNotSeeTheWire() throws IOException {
        Path root = Path.of("src/main/java");
        assertTrue(Files.isDirectory(root), "run from the broker-core module directory");
        for (Map.Entry<String, List<String>> rule : FORBIDDEN.entrySet()) {
            Path dir = root.resolve(rule.getKey());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String src = Files.readString(f);
                    for (String bad : rule.getValue()) {
                        if (src.contains(bad)) {
                            fail(f + " uses " + bad);
                        }
                    }
                }
            }
        }
    }
}
