package io.warren.it;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * A python3 that can import pika (the first of python3 on the PATH and /usr/bin/python3: a pyenv or venv
     * python3 may lack Debian's python3-pika); aborts or fails as {@link #require} when there is none.
     */
    static String pythonWithPika() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import pika").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed under this name: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        require(false, "pika", "python3 with pika is not installed (Debian: apt-get install python3-pika)");
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

    /**
     * Runs a client's check script for one scenario (its output to a file, so that a full pipe cannot hold it up)
     * and asserts it exited 0 after printing only "ok SCENARIO"; kills it after {@code timeoutSeconds}.
     */
    static void runScenario(List<String> command, String scenario, Path tmp, long timeoutSeconds) throws Exception {
        Path out = Files.createTempFile(tmp, scenario, ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (!finished) {
            fail(command + " killed after " + timeoutSeconds + " s:\n" + output);
        }
        assertEquals(0, p.exitValue(), () -> command + " failed:\n" + output);
        assertEquals("ok " + scenario, output.strip(), output);
    }
}
