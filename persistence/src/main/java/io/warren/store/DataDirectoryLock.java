package io.warren.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a data directory, so two brokers never write the same segments.
 * <p>{@link #acquire(Path)} takes an OS file lock ({@link FileChannel#tryLock()}) on {@code <data>/.lock} and
 * writes the owner's pid into it for humans. A second acquire fails, whether it comes from another process
 * or from this JVM. The lock file is never deleted: deleting it would let a third process lock a new inode.
 * <p>Thread-safety: {@link #close()} may be called from any thread, once.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dataDir} (creating it if needed).
     *
     * @throws StoreIoException naming the directory if another broker (or another part of this JVM) holds it
     */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path lockFile = DataLayout.lockFile(dataDir);
        FileChannel ch = null;
        try {
            Files.createDirectories(dataDir);
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                l = null;
            }
            if (l == null) {
                throw new StoreIoException("data directory " + dataDir.toAbsolutePath()
                        + " is in use by another Warren broker (cannot lock " + lockFile.toAbsolutePath()
                        + "); stop that broker or choose another data directory");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new DataDirectoryLock(dataDir, ch, l);
        } catch (IOException e) {
            closeQuietly(ch);
            throw StoreIoException.wrap("cannot lock data directory " + dataDir.toAbsolutePath(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    public boolean isValid() {
        return lock.isValid();
    }

    /** Releases the lock. Idempotent. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel below releases the lock anyway
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing useful to do: we are already failing or releasing
            }
        }
    }
}
