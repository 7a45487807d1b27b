package io.warren.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.ToLongFunction;

/**
 * A file of fixed-size entries with plain positional I/O: the storage under {@link OffsetIndex} and
 * {@link TimeIndex}.
 * <p>While its segment is active the file stays open for appends (opened at the first one). When the segment is sealed the channel is
 * closed (a stream can have thousands of sealed segments and should not hold a descriptor per index); a
 * lookup on a sealed file opens it for the duration of one binary search. The file is not preallocated and
 * not mmapped: with plain I/O there is nothing to gain from preallocation, and a mapped file cannot be
 * unmapped deterministically before deletion on Java 17. It is never forced either: an index is a cache that
 * recovery validates and rebuilds. For the same reason appends are buffered, {@link #PENDING_ENTRIES} to a write
 * (a queue of 1 KiB messages adds an entry to each index every four records): a lookup, {@link #seal()} and a
 * full buffer write them out; a crash loses at most a buffer, which recovery puts back.
 * <p>Confinement: the owning log's thread.
 */
final class EntryFile {
    static final int PENDING_ENTRIES = 64;
    private final Path path;
    private final int entrySize;
    private final ByteBuffer scratch;
    private final ByteBuffer pending;
    private FileChannel channel;
    private int count;
    private boolean sealed;
    private boolean trimPending;

    private EntryFile(Path path, int entrySize, int count, boolean trimPending) {
        this.path = path;
        this.entrySize = entrySize;
        this.scratch = ByteBuffer.allocate(entrySize);
        this.pending = ByteBuffer.allocate(PENDING_ENTRIES * entrySize);
        this.count = count;
        this.trimPending = trimPending;
    }

    /**
     * An entry file that keeps only its first {@code keepEntries} entries. The file is opened (and created or cut)
     * lazily, at the first append or at {@link #seal()}: recovering a clean sealed segment opens nothing.
     *
     * @param currentBytes the file's size now, or -1 if it does not exist
     */
    static EntryFile forAppend(Path path, int entrySize, int keepEntries, long currentBytes) {
        return new EntryFile(path, entrySize, keepEntries, currentBytes != (long) keepEntries * entrySize);
    }

    private FileChannel writable() throws IOException {
        if (channel == null) {
            if (sealed) {
                throw new IllegalStateException(path + " is sealed");
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (trimPending) {
                channel.truncate((long) (count - pendingEntries()) * entrySize);
                trimPending = false;
            }
        }
        return channel;
    }

    /** Whole content of {@code path}, or null if the file does not exist. */
    static ByteBuffer readAll(Path path) throws IOException {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    Path path() {
        return path;
    }

    int count() {
        return count;
    }

    /** Appends one entry: {@code entry} holds exactly {@code entrySize} bytes from 0. */
    void append(ByteBuffer entry) throws IOException {
        if (sealed) {
            throw new IllegalStateException(path + " is sealed");
        }
        entry.position(0).limit(entrySize);
        pending.put(entry);
        count++;
        if (!pending.hasRemaining()) {
            writePending();
        }
    }

    private int pendingEntries() {
        return pending.position() / entrySize;
    }

    /** Writes the buffered entries after those already in the file. */
    private void writePending() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        int n = pendingEntries();
        try {
            FileChannel ch = writable();  // before the flip: a first open cuts the file to the written entries
            pending.flip();
            long at = (long) (count - n) * entrySize;
            while (pending.hasRemaining()) {
                at += ch.write(pending, at);
            }
        } catch (IOException | RuntimeException e) {
            count -= n;  // dropped: a sparse index only gets sparser, and later entries follow on
            throw e;
        } finally {
            pending.clear();
        }
    }

    /**
     * Binary search over entries whose {@code key} never decreases: copies the last entry with
     * {@code key <= target} into {@code out} (position 0, limit entrySize) and returns its index, or -1.
     */
    int floor(ToLongFunction<ByteBuffer> key, long target, ByteBuffer out) throws IOException {
        if (count == 0) {
            return -1;
        }
        writePending();
        FileChannel ch = channel;
        boolean temporary = ch == null;
        if (temporary) {
            try {
                ch = FileChannel.open(path, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return -1;  // not created yet or deleted under us: callers scan from the segment start
            }
        }
        try {
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (!read(ch, mid)) {
                    hi = mid - 1;
                    continue;
                }
                if (key.applyAsLong(scratch) <= target) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found < 0 || !read(ch, found)) {
                return -1;
            }
            out.clear();
            out.put(scratch.position(0).limit(entrySize));
            out.flip();
            return found;
        } finally {
            if (temporary) {
                ch.close();
            }
        }
    }

    private boolean read(FileChannel ch, int index) throws IOException {
        scratch.clear();
        long at = (long) index * entrySize;
        while (scratch.hasRemaining()) {
            int n = ch.read(scratch, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        scratch.flip();
        return true;
    }

    /** Closes the channel without creating or cutting the file (its segment is being deleted). */
    void close() throws IOException {
        sealed = true;
        pending.clear();
        if (channel != null) {
            FileChannel ch = channel;
            channel = null;
            ch.close();
        }
    }

    /** Cuts the file to its entries if needed, closes the channel; later lookups open the file briefly. Idempotent. */
    void seal() throws IOException {
        if (!sealed) {
            writePending();
            if (trimPending) {
                writable();  // creates or cuts the file
            }
        }
        sealed = true;
        if (channel != null) {
            FileChannel ch = channel;
            channel = null;
            ch.close();
        }
    }
}
