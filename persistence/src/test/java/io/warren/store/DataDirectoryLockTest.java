package io.warren.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {
    @TempDir
    Path data;

    @Test
    void aSecondLockInTheSameJvmFailsNamingTheDirectory() throws Exception {
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(data)) {
            assertTrue(lock.isValid());
            StoreIoException e = assertThrows(StoreIoException.class, () -> DataDirectoryLock.acquire(data));
            assertTrue(e.getMessage().contains(data.toAbsolutePath().toString()), e.getMessage());
            assertEquals(ProcessHandle.current().pid() + "\n",
                    Files.readString(DataLayout.lockFile(data), StandardCharsets.US_ASCII));
        }
        try (DataDirectoryLock again = DataDirectoryLock.acquire(data)) {
            assertTrue(again.isValid(), "released by close");
        }
    }

    @Test
    void anotherProcessCannotLockIt() throws Exception {
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(data)) {
            assertEquals(3, runProbe(), "the child must be refused while we hold the lock");
        }
        assertEquals(0, runProbe(), "the child gets the lock once we released it");
    }

    private int runProbe() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LockProbe.class.getName(), data.toString()))
                .redirectErrorStream(true)
                .redirectOutput(new File(data.toFile(), "probe.out"))
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        return p.exitValue();
    }

    /** Child process: exit 0 if it locked the directory, 3 if refused. */
    public static final class LockProbe {
        public static void main(String[] args) {
            try (DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(args[0]))) {
                System.exit(lock.isValid() ? 0 : 1);
            } catch (StoreIoException e) {
                System.exit(3);
            }
        }
    }
}
