package io.warren.it;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the tests that drive another client library (pika, amqplib, rabbitmq-c) share: finding its program, and
 * skipping with the reason when it is not installed, except under {@code CI=true}, where a missing client is a
 * failure (.ci/run installs them all).
 */
final class ExternalClients {
    private ExternalClients() {
    }

    /** The executable named {@code program} on the PATH, or null. */
    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Aborts the test (or fails it under CI=true) with {@code why} when {@code installed} is false. */
    static void require(boolean installed, String client, String why) {
        if (installed) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(why + "; " + client + " is required under CI=true");
        }
        Assumptions.abort("skipping the " + client + " tests: " + why);
    }
}
