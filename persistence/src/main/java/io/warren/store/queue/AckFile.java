package io.warren.store.queue;

import io.warren.store.StoreIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of one segment: {@code <base>.acks}.
 * <p>Format (big-endian): an 8-byte header {@code "WRAK"}, u16 format version (1), u16 reserved; then one u32 per
 * acknowledged record holding {@code relativeOffset + 1}, in acknowledgement order. The {@code + 1} makes 0 mean
 * "no entry": a zero entry is a hole or the unwritten tail of a file that was extended but not fully written
 * before a crash (a sparse tail, as LavinMQ treats it), and is skipped. Entries that name a record the segment
 * does not have (its tail was lost in the same crash) are zeroed on load and the file is forced before any new
 * append could reuse that offset.
 * <p>Entries are buffered ({@link #append}) and written {@link #PENDING_ENTRIES} at a time or when the store says
 * ({@link #writePending()}), in one positional write each time.
 * <p>Confinement: {@link #append}, {@link #writePending()} and {@link #retireAndDelete()} run on the queue's loop; {@link #sync()} runs on
 * the sync thread under the store's flush lock and counts a file retired meanwhile as synced.
 */
final class AckFile {
    static final int MAGIC = 0x5752414B;  // "WRAK"
    static final short FORMAT_VERSION = 1;
    static final int HEADER_SIZE = 8;
    static final int PENDING_ENTRIES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AckFile.class);

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer pending = ByteBuffer.allocate(PENDING_ENTRIES * 4);
    private long writePosition;
    private volatile long written;
    private long synced;
    private volatile boolean retired;

    private AckFile(Path path, FileChannel channel, long writePosition) {
        this.path = path;
        this.channel = channel;
        this.writePosition = writePosition;
    }

    /** Creates an empty ack file (replacing any stale file of that name). */
    static AckFile create(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            writeHeader(ch);
            return new AckFile(path, ch, HEADER_SIZE);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Opens an existing ack file of a segment holding {@code recordCount} records, setting a bit in {@code acked}
     * for every acknowledged relative offset.
     */
    static AckFile load(Path path, long recordCount, BitSet acked) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(path));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            boolean rewrite = false;
            if (all.capacity() < HEADER_SIZE || all.getInt(0) == 0) {
                LOG.warn("{}: missing header, treating the file as empty", path);
                ch.truncate(0);
                writeHeader(ch);
                ch.force(true);
                return new AckFile(path, ch, HEADER_SIZE);
            }
            if (all.getInt(0) != MAGIC || all.getShort(4) != FORMAT_VERSION) {
                throw new StoreIoException(path + " is not a Warren ack file of format version " + FORMAT_VERSION);
            }
            int entries = (all.capacity() - HEADER_SIZE) / 4;
            long end = HEADER_SIZE;
            ByteBuffer zero = ByteBuffer.allocate(4);
            for (int i = 0; i < entries; i++) {
                int at = HEADER_SIZE + i * 4;
                long v = all.getInt(at) & 0xFFFF_FFFFL;
                if (v == 0) {
                    continue;
                }
                long rel = v - 1;
                if (rel < recordCount) {
                    acked.set((int) rel);
                    end = at + 4L;
                } else {
                    ch.write(zero.clear(), at);  // ack of a record lost with the log's torn tail
                    rewrite = true;
                }
            }
            if (end != all.capacity()) {
                ch.truncate(end);   // zero tail, partial entry or zeroed entries at the end
                rewrite = true;
            }
            if (rewrite) {
                ch.force(true);
            }
            return new AckFile(path, ch, end);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void writeHeader(FileChannel ch) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putShort(FORMAT_VERSION).putShort((short) 0);
        h.flip();
        long at = 0;
        while (h.hasRemaining()) {
            at += ch.write(h, at);
        }
    }

    /**
     * Records that the record with {@code relativeOffset} is acknowledged; buffered until {@link #writePending()}
     * or until the buffer is full.
     *
     * @return true if this is the first entry buffered since the last write
     */
    boolean append(int relativeOffset) throws IOException {
        boolean first = pending.position() == 0;
        pending.putInt(relativeOffset + 1);
        if (!pending.hasRemaining()) {
            writePending();
        }
        return first;
    }

    /** Writes the buffered entries after the last written one. */
    void writePending() throws IOException {
        if (pending.position() == 0 || retired) {
            pending.clear();  // a retired file's segment is gone: its acks with it
            return;
        }
        pending.flip();
        long at = writePosition;
        while (pending.hasRemaining()) {
            at += channel.write(pending, at);
        }
        pending.clear();
        writePosition = at;
        written++;
    }

    /** Forces the entries appended since the last call. Called under the store's flush lock. */
    void sync() throws IOException {
        long w = written;
        if (w == synced) {
            return;
        }
        try {
            channel.force(false);
            synced = w;
        } catch (ClosedChannelException e) {
            if (!retired) {
                throw e;
            }
        }
    }

    Path path() {
        return path;
    }

    /** Closes the file; the sync thread then skips it. */
    void close() {
        retired = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do for a file we no longer write
        }
    }

    /** Closes and deletes the file (its segment was deleted). */
    void retireAndDelete() throws IOException {
        close();
        io.warren.store.log.SegmentFiles.renameAndDelete(path);
    }
}
