package io.warren.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same replay with another client: pika (Python), through {@code src/test/python/stream_replay.py}. Skips
 * with a message when python3 or pika is missing, except under {@code CI=true}, where that is a failure.
 */
class StreamPikaIT extends StreamTestCase {
    private static final Path SCRIPT = Path.of("src/test/python/stream_replay.py");

    private List<String> replay(String python, String q, int count, String offset) throws Exception {
        Process p = new ProcessBuilder(python, SCRIPT.toString(), "127.0.0.1", Integer.toString(broker.port()), q,
                Integer.toString(count), offset).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pika script did not finish");
        assertEquals(0, p.exitValue(), "pika script failed:\n" + out);
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    @Test
    void pikaReplaysAStreamFromFirstAndFromAnOffsetAndAfterARestart() throws Exception {
        String python = ExternalClients.pythonWithPika();
        assertTrue(Files.exists(SCRIPT), "missing " + SCRIPT.toAbsolutePath());
        String q = declareStream(Map.of());
        publish(channel, q, "m", 20);
        List<String> all = replay(python, q, 20, "first");
        assertEquals(20, all.size());
        assertEquals("0 m0", all.get(0));
        assertEquals("19 m19", all.get(19));
        assertEquals(List.of("15 m15", "16 m16"), replay(python, q, 2, "15"));
        connection.close();
        broker.restart();
        connection = newConnection();
        channel = connection.createChannel();
        assertEquals("0 m0", replay(python, q, 20, "first").get(0), "replayed again after a restart");
    }
}
