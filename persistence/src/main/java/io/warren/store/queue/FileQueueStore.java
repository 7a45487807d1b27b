package io.warren.store.queue;

import io.warren.store.StoreIoException;
import io.warren.store.log.LogConfig;
import io.warren.store.log.LogReader;
import io.warren.store.log.SegmentFiles;
import io.warren.store.log.SegmentInfo;
import io.warren.store.log.SegmentedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A classic queue's messages in a {@link SegmentedLog} plus one {@link AckFile} per segment (LavinMQ's store).
 * <p>Append writes a record (payload = the message bytes, flags from the caller) and returns its position. Ack
 * appends the record's relative offset to the segment's {@code .acks} file (created on the first ack) and marks
 * it in an in-memory bit set, which makes a second ack of the same message a harmless no-op. When every record
 * of a segment other than the active one is acknowledged, the segment and its ack file are deleted; the
 * active segment is checked again when the log rolls past it.
 * <p>On open, the log is recovered (torn tail truncated, see {@link io.warren.store.log.LogRecovery}), the ack
 * files are loaded (orphans deleted, acks of records lost with a torn tail cleared), fully acknowledged segments
 * are deleted and one scan of the log collects the unacknowledged records for {@link #recover()}.
 * <p>Ack entries are buffered per ack file and written by {@link #writeAcks()}, once per batch of acks.
 * <p>Confinement: the owning queue's loop, except {@link #flush()} (sync thread), which forces the log, the ack
 * files written since the last flush and, after files were created or deleted, the directory.
 * <p>Buffers: see {@link QueueStore}.
 */
public final class FileQueueStore implements QueueStore {
    private final Path dir;
    private final SegmentedLog log;
    private final List<SegmentAcks> segments = new ArrayList<>();
    private final Object flushLock = new Object();
    private volatile AckFile[] ackFiles = new AckFile[0];
    /** Ack files holding buffered entries (see {@link #writeAcks()}). Queue loop only. */
    private final List<AckFile> pendingAcks = new ArrayList<>(2);
    private volatile boolean dirDirty;
    private volatile boolean closed;
    private long messageCount;
    private long byteCount;

    /** Per-segment acknowledgement state. */
    private static final class SegmentAcks {
        final long base;
        long recordCount;
        long ackCount;
        final BitSet acked = new BitSet();
        AckFile file;

        SegmentAcks(long base, long recordCount) {
            this.base = base;
            this.recordCount = recordCount;
        }

        boolean fullyAcked() {
            return ackCount == recordCount;
        }
    }

    private FileQueueStore(Path dir, SegmentedLog log) {
        this.dir = dir;
        this.log = log;
    }

    /** Opens (or creates) the store in {@code dir} and recovers it. */
    public static FileQueueStore open(Path dir, LogConfig config, Clock clock) {
        SegmentedLog log = SegmentedLog.open(dir, config, clock);
        FileQueueStore store = new FileQueueStore(dir, log);
        try {
            store.load();
            return store;
        } catch (IOException e) {
            store.closeQuietly();
            throw StoreIoException.wrap("cannot open queue store " + dir, e);
        } catch (RuntimeException e) {
            store.closeQuietly();
            throw e;
        }
    }

    private void load() throws IOException {
        for (SegmentInfo s : log.segments()) {
            segments.add(new SegmentAcks(s.baseOffset(), s.recordCount()));
        }
        boolean orphans = false;
        for (SegmentFiles.Parsed p : SegmentFiles.list(dir)) {
            if (p.kind() != SegmentFiles.Kind.ACKS || p.deleted()) {
                continue;
            }
            SegmentAcks s = find(p.baseOffset());
            if (s == null) {
                Files.deleteIfExists(p.resolve(dir));  // its segment was deleted just before a crash
                orphans = true;
                continue;
            }
            s.file = AckFile.load(p.resolve(dir), s.recordCount, s.acked);
            s.ackCount = s.acked.cardinality();
            ackFiles = append(ackFiles, s.file);
        }
        if (orphans) {
            SegmentFiles.fsyncDirectory(dir);  // before a new segment could take an orphan's name
        }
        for (SegmentAcks s : new ArrayList<>(segments)) {
            if (s.base != log.activeSegmentBase() && s.fullyAcked()) {
                deleteSegment(s);
            }
        }
        // Counted without keeping positions: a long backlog must open in bounded memory. recover() builds the
        // position list on demand; a queue pages its backlog in through backlog(offset) instead.
        long[] counts = countUnacked();
        messageCount = counts[0];
        byteCount = counts[1];
    }

    private long[] countUnacked() {
        long count = 0;
        long bytes = 0;
        Backlog b = backlog(log.firstOffset());
        while (b.next()) {
            count++;
            bytes += b.position().size();
        }
        return new long[] {count, bytes};
    }

    private Recovered scan() {
        PositionList out = new PositionList();
        long bytes = 0;
        LogReader r = log.newReader(log.firstOffset());
        SegmentAcks s = null;
        while (r.next()) {
            if (s == null || s.base != r.segmentBase()) {
                s = find(r.segmentBase());
            }
            if (s != null && !s.acked.get((int) (r.offset() - s.base))) {
                int size = r.payload().remaining();
                out.add(s.base, r.offset(), r.recordPosition(), size, r.flags());
                bytes += size;
            }
        }
        return new Recovered(out, out.size(), bytes);
    }

    @Override
    public StoredPosition append(byte flags, ByteBuffer... parts) {
        ensureOpen();
        int size = payloadSize(parts);
        long offset = log.append(flags, parts);
        return appended(log.lastAppendSegmentBase(), offset, log.lastAppendPosition(), size, flags);
    }

    @Override
    public void appendAll(byte[] flags, ByteBuffer[][] records, int count, StoredPosition[] out) {
        ensureOpen();
        long[] bases = new long[count];
        int[] positions = new int[count];
        long first = log.nextOffset();
        try {
            log.appendAll(flags, records, count, bases, positions);
        } finally {
            long stored = log.nextOffset() - first;  // all of them, or the runs written before a failure
            for (int i = 0; i < stored; i++) {
                out[i] = appended(bases[i], first + i, positions[i], payloadSize(records[i]), flags[i]);
            }
        }
    }

    private static int payloadSize(ByteBuffer[] parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        return size;
    }

    /** Counts a record the log just took, opening the acknowledgement state of a new segment if needed. */
    private StoredPosition appended(long base, long offset, int position, int size, byte flags) {
        SegmentAcks current = segments.get(segments.size() - 1);
        if (current.base != base) {
            SegmentAcks previous = current;
            current = new SegmentAcks(base, 0);
            segments.add(current);
            if (previous.fullyAcked()) {
                deleteSegment(previous);  // acked while it was still the active segment
            }
        }
        current.recordCount++;
        messageCount++;
        byteCount += size;
        return new StoredPosition(base, offset, position, size, flags);
    }

    @Override
    public ByteBuffer read(StoredPosition p) {
        ByteBuffer b = ByteBuffer.allocate(p.size());
        read(p, b);
        return b.flip();
    }

    @Override
    public int read(StoredPosition p, ByteBuffer dst) {
        ensureOpen();
        return log.readAt(p.segmentBase(), p.position(), p.offset(), dst);
    }

    @Override
    public boolean ack(StoredPosition p) {
        ensureOpen();
        SegmentAcks s = find(p.segmentBase());
        if (s == null) {
            return false;  // purged, or the segment was already fully acknowledged
        }
        long rel = p.offset() - s.base;
        if (rel < 0 || rel >= s.recordCount) {
            throw new IllegalArgumentException("no record " + p.offset() + " in segment " + s.base + " of " + dir);
        }
        if (s.acked.get((int) rel)) {
            return false;
        }
        try {
            if (s.file == null) {
                s.file = AckFile.create(SegmentFiles.path(dir, s.base, SegmentFiles.Kind.ACKS));
                ackFiles = append(ackFiles, s.file);
                dirDirty = true;
            }
            if (s.file.append((int) rel) && !pendingAcks.contains(s.file)) {  // a list of one or two files
                pendingAcks.add(s.file);
            }
        } catch (IOException e) {
            throw StoreIoException.wrap("cannot record ack of " + p.offset() + " in " + dir, e);
        }
        s.acked.set((int) rel);
        s.ackCount++;
        messageCount--;
        byteCount -= p.size();
        if (s.fullyAcked() && s.base != log.activeSegmentBase()) {
            deleteSegment(s);
        }
        return true;
    }

    @Override
    public void writeAcks() {
        for (int i = 0; i < pendingAcks.size(); i++) {
            AckFile f = pendingAcks.get(i);
            try {
                f.writePending();
            } catch (IOException e) {
                pendingAcks.subList(0, i).clear();
                throw StoreIoException.wrap("cannot write acks to " + f.path(), e);
            }
        }
        pendingAcks.clear();
    }

    private void deleteSegment(SegmentAcks s) {
        log.deleteSegment(s.base);
        segments.remove(s);
        dropAckFile(s);
    }

    private void dropAckFile(SegmentAcks s) {
        if (s.file == null) {
            return;
        }
        ackFiles = remove(ackFiles, s.file);
        pendingAcks.remove(s.file);  // the segment is gone: its buffered acks with it
        dirDirty = true;
        try {
            s.file.retireAndDelete();
        } catch (IOException e) {
            throw StoreIoException.wrap("cannot delete " + s.file.path(), e);
        }
        s.file = null;
    }

    @Override
    public Recovered recover() {
        ensureOpen();
        return scan();
    }

    @Override
    public long nextOffset() {
        return log.nextOffset();
    }

    @Override
    public Backlog backlog(long fromOffset) {
        ensureOpen();
        LogReader r = log.newReader(fromOffset);
        return new Backlog() {
            private SegmentAcks segment;
            private StoredPosition current;

            @Override
            public boolean next() {
                while (r.next()) {
                    if (segment == null || segment.base != r.segmentBase()) {
                        segment = find(r.segmentBase());
                    }
                    if (segment != null && !segment.acked.get((int) (r.offset() - segment.base))) {
                        current = new StoredPosition(segment.base, r.offset(), r.recordPosition(),
                                r.payload().remaining(), r.flags());
                        return true;
                    }
                }
                current = null;
                return false;
            }

            @Override
            public StoredPosition position() {
                return current;
            }

            @Override
            public ByteBuffer payload() {
                return r.payload();
            }

            @Override
            public long timestampMs() {
                return r.timestamp();
            }
        };
    }

    @Override
    public long messageCount() {
        return messageCount;
    }

    @Override
    public long byteCount() {
        return byteCount;
    }

    @Override
    public long purge() {
        ensureOpen();
        long purged = messageCount;
        log.truncateAll();
        for (SegmentAcks s : segments) {
            dropAckFile(s);
        }
        segments.clear();
        segments.add(new SegmentAcks(log.activeSegmentBase(), 0));
        messageCount = 0;
        byteCount = 0;
        return purged;
    }

    /** The segments of the underlying log (for statistics). Safe from any thread. */
    public List<SegmentInfo> segments() {
        return log.segments();
    }

    @Override
    public void flush() throws IOException {
        synchronized (flushLock) {
            if (closed) {
                return;
            }
            log.flush();
            for (AckFile f : ackFiles) {
                f.sync();
            }
            if (dirDirty) {
                dirDirty = false;
                try {
                    SegmentFiles.fsyncDirectory(dir);
                } catch (IOException e) {
                    dirDirty = true;
                    throw e;
                }
            }
        }
    }

    @Override
    public void delete() {
        synchronized (flushLock) {
            closed = true;
        }
        for (AckFile f : ackFiles) {
            f.close();
        }
        log.delete();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            writeAcks();
            flush();
        } catch (IOException e) {
            throw StoreIoException.wrap("cannot flush queue store " + dir + " on close", e);
        } finally {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        synchronized (flushLock) {
            closed = true;
        }
        for (AckFile f : ackFiles) {
            f.close();
        }
        log.close();
    }

    private SegmentAcks find(long base) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long b = segments.get(mid).base;
            if (b == base) {
                return segments.get(mid);
            } else if (b < base) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("queue store " + dir + " is closed");
        }
    }

    private static AckFile[] append(AckFile[] a, AckFile f) {
        AckFile[] n = Arrays.copyOf(a, a.length + 1);
        n[a.length] = f;
        return n;
    }

    private static AckFile[] remove(AckFile[] a, AckFile f) {
        return Arrays.stream(a).filter(x -> x != f).toArray(AckFile[]::new);
    }

    @Override
    public String toString() {
        return "FileQueueStore[" + dir + ", " + messageCount + " messages, " + byteCount + " bytes]";
    }
}
