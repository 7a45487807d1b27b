package io.warren.store.log;

import io.warren.store.StoreIoException;
import io.warren.store.sync.Syncable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of records split into segment files (Kafka style), used by classic queues and streams.
 * <p>Each record gets the next offset; offsets are contiguous inside a segment and never reused. The active
 * (last) segment takes appends and rolls when the next record would take it over {@link LogConfig#segmentBytes()}
 * (or its first record is older than {@link LogConfig#segmentMaxAge()}). Whole segments leave from the oldest end
 * by {@link #enforceRetention retention}, or from anywhere by {@link #deleteSegment} (a classic queue drops a
 * fully acknowledged segment); the active segment is never deleted, so there is always one. File formats are
 * described in {@link LogSegment}, {@link RecordFormat}, {@link OffsetIndex}, {@link TimeIndex} and
 * {@code docs/storage.md}; {@link #open} runs {@link LogRecovery}.
 * <p>Confinement: the log is owned by one thread (the owning queue's loop), which does every call except the
 * ones below. Appends never force: durability comes from {@link #flush()}, which the
 * {@link io.warren.store.sync.SyncScheduler} thread calls while the owner keeps appending. It holds a lock that
 * only {@code flush} and {@link #close()} take, reads the segment list through a volatile copy-on-write array,
 * and treats a segment that the owner retired meanwhile as synced. {@link #segments()}, {@link #sizeBytes()},
 * {@link #firstOffset()} and {@link #nextOffset()} may be read from any thread (values may be slightly stale).
 * <p>Do not interrupt a thread while it does log I/O: {@code FileChannel} closes itself on interrupt.
 * <p>Buffers: appends copy the caller's buffers and leave their positions unchanged; readers own their buffers
 * (see {@link LogReader}).
 */
public final class SegmentedLog implements Syncable, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

    private final Path dir;
    private final LogConfig config;
    private final Clock clock;
    private final Object flushLock = new Object();
    private final ByteBuffer[] single = new ByteBuffer[1];
    private final ByteBuffer readHeader = ByteBuffer.allocate(RecordFormat.HEADER_SIZE);
    private final CRC32C readCrc = new CRC32C();

    private final SegmentList segments;
    private volatile long nextOffset;
    private volatile boolean dirDirty;
    private volatile boolean closed;
    private LogSegment active;
    private long lastAppendSegmentBase = -1;
    private int lastAppendPosition = -1;
    private RecordScanner lookupScanner;

    private SegmentedLog(Path dir, LogConfig config, Clock clock, List<LogSegment> recovered) {
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.segments = new SegmentList(recovered.toArray(new LogSegment[0]));
        this.active = recovered.get(recovered.size() - 1);
        this.nextOffset = active.nextOffset();
    }

    /**
     * Opens the log in {@code dir} (created if missing), recovering its segments; a new log starts at offset 0.
     * @throws StoreIoException if the directory cannot be read or holds files that are not Warren segments
     */
    public static SegmentedLog open(Path dir, LogConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(dir);
            List<LogSegment> segs = new java.util.ArrayList<>(LogRecovery.recoverAll(dir, config));
            if (segs.isEmpty()) {
                segs.add(LogSegment.create(dir, 0, config));
            }
            SegmentedLog log = new SegmentedLog(dir, config, clock, segs);
            log.dirDirty = true;
            return log;
        } catch (IOException e) {
            throw StoreIoException.wrap("cannot open log " + dir, e);
        }
    }

    /** Appends one record stamped with the clock's time; returns its offset. */
    public long append(ByteBuffer payload, byte flags) {
        return append(payload, flags, clock.millis());
    }

    /** Appends one record with an explicit timestamp (ms since the epoch, >= 0); returns its offset. */
    public long append(ByteBuffer payload, byte flags, long timestampMs) {
        single[0] = payload;
        try {
            return appendWithTimestamp(timestampMs, flags, single);
        } finally {
            single[0] = null;
        }
    }

    /** Appends one record whose payload is the concatenation of {@code parts}; returns its offset. */
    public long append(byte flags, ByteBuffer... parts) {
        return appendWithTimestamp(clock.millis(), flags, parts);
    }

    /**
     * Appends one record whose payload is the concatenation of {@code parts} (written with one gathering write,
     * never concatenated in memory) and returns its offset. The parts are read from position to limit and their
     * positions are unchanged on return. The record is not forced: call {@link #flush()} (through the sync
     * scheduler) before confirming it.
     *
     * @throws IllegalArgumentException if the payload exceeds {@link LogConfig#maxRecordBytes()}
     * @throws StoreIoException         ({@link io.warren.store.StoreFullException} when the disk is full) if the
     *                                  write failed; the log is then unchanged
     */
    public long appendWithTimestamp(long timestampMs, byte flags, ByteBuffer... parts) {
        ensureOpen();
        if (timestampMs < 0) {
            throw new IllegalArgumentException("timestampMs: " + timestampMs + " (expected: >= 0)");
        }
        long payload = 0;
        for (ByteBuffer p : parts) {
            payload += p.remaining();
        }
        if (payload > config.maxRecordBytes()) {
            throw new IllegalArgumentException(
                    "record payload: " + payload + " bytes (expected: <= " + config.maxRecordBytes() + ")");
        }
        int recordSize = RecordFormat.HEADER_SIZE + (int) payload;
        if (active.shouldRollBefore(recordSize, timestampMs, config)) {
            roll();
        }
        long offset = nextOffset;
        try {
            lastAppendPosition = active.append(offset, timestampMs, flags, parts, (int) payload);
        } catch (IOException e) {
            throw StoreIoException.wrap("append to " + active.file() + " failed", e);
        }
        lastAppendSegmentBase = active.baseOffset();
        nextOffset = offset + 1;
        return offset;
    }

    /**
     * Appends {@code count} records (each the concatenation of its parts, all stamped with the current time) with
     * one gathering write per segment they land in, and returns the offset of the first. This is how a stream
     * appends the publishes of one socket read: a system call per batch rather than per message. Records are
     * checked against {@link LogConfig#maxRecordBytes()} before anything is written. The parts are read from
     * position to limit and left unchanged.
     *
     * @throws IllegalArgumentException if a payload is too large (nothing appended)
     * @throws StoreIoException         if a write failed: the records before the failing segment's run are
     *                                  appended ({@link #nextOffset()} tells how many), the rest are not
     */
    public long appendAll(byte[] flags, ByteBuffer[][] records, int count) {
        return appendAll(flags, records, count, null, null);
    }

    /**
     * {@link #appendAll(byte[], ByteBuffer[][], int)}, also telling where each record went: its segment's base
     * offset and its byte position in that segment's file (a classic queue keeps both to read the record back).
     * Entries are filled run by run as each segment's write succeeds, so after a failure the filled prefix is
     * exactly what was appended.
     */
    public long appendAll(byte[] flags, ByteBuffer[][] records, int count, long[] segmentBases, int[] positions) {
        ensureOpen();
        long timestampMs = clock.millis();
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            long payload = 0;
            for (ByteBuffer p : records[i]) {
                payload += p.remaining();
            }
            if (payload > config.maxRecordBytes()) {
                throw new IllegalArgumentException(
                        "record payload: " + payload + " bytes (expected: <= " + config.maxRecordBytes() + ")");
            }
            lengths[i] = (int) payload;
        }
        long first = nextOffset;
        int i = 0;
        while (i < count) {
            long bytes = RecordFormat.HEADER_SIZE + (long) lengths[i];
            if (active.shouldRollBefore((int) bytes, timestampMs, config)) {
                roll();
            }
            int end = i + 1;
            while (end < count && active.fits(bytes + RecordFormat.HEADER_SIZE + lengths[end], config)) {
                bytes += RecordFormat.HEADER_SIZE + lengths[end];
                end++;
            }
            int position = active.size();
            try {
                active.appendBatch(nextOffset, timestampMs, flags, records, lengths, i, end - i);
            } catch (IOException e) {
                throw StoreIoException.wrap("append to " + active.file() + " failed", e);
            }
            if (positions != null) {
                for (int k = i; k < end; k++) {
                    segmentBases[k] = active.baseOffset();
                    positions[k] = position;
                    position += RecordFormat.HEADER_SIZE + lengths[k];
                }
            }
            lastAppendSegmentBase = active.baseOffset();
            lastAppendPosition = -1;
            nextOffset += end - i;
            i = end;
        }
        return first;
    }

    private void roll() {
        LogSegment old = active;
        try {
            LogSegment seg = LogSegment.create(dir, nextOffset, config);
            dirDirty = true;
            segments.add(seg);
            active = seg;
            old.seal();
        } catch (IOException e) {
            throw StoreIoException.wrap("cannot roll log " + dir + " at offset " + nextOffset, e);
        }
    }

    /** Segment base of the record returned by the last append. */
    public long lastAppendSegmentBase() {
        return lastAppendSegmentBase;
    }

    /** Byte position, in its segment file, of the record returned by the last append. */
    public int lastAppendPosition() {
        return lastAppendPosition;
    }

    /** Smallest offset that may still be read: the first segment's base offset. */
    public long firstOffset() {
        return segments.first().baseOffset();
    }

    /** Offset the next append will get. */
    public long nextOffset() {
        return nextOffset;
    }

    public long activeSegmentBase() {
        return active.baseOffset();
    }

    /** A new reader positioned at {@code offset} (clamped to {@link #firstOffset()}). */
    public LogReader newReader(long offset) {
        ensureOpen();
        return new LogReader(this, offset, config);
    }

    /**
     * Reads the payload of record {@code offset}, stored at byte {@code position} of segment {@code segmentBase},
     * into {@code dst} (position advances), checking offset and CRC; returns its length.
     * @throws IllegalArgumentException if the segment no longer exists or holds no such record there
     */
    public int readAt(long segmentBase, int position, long offset, ByteBuffer dst) {
        ensureOpen();
        LogSegment s = segments.withBase(segmentBase);
        if (s == null) {
            throw new IllegalArgumentException("segment " + segmentBase + " of " + dir + " does not exist");
        }
        try {
            return s.readRecordAt(position, offset, dst, readHeader, readCrc);
        } catch (IOException e) {
            throw StoreIoException.wrap("read of offset " + offset + " from " + s.file() + " failed", e);
        }
    }

    /** The first offset whose record timestamp is {@code >= timestampMs}, or {@link #nextOffset()} if none. */
    public long offsetForTimestamp(long timestampMs) {
        ensureOpen();
        if (lookupScanner == null) {
            lookupScanner = new RecordScanner(config.readBufferBytes(), config.maxRecordBytes());
        }
        for (LogSegment s : segments.snapshot()) {
            if (s.recordCount() == 0 || s.maxTimestamp() < timestampMs) {
                continue;
            }
            try {
                long found = s.findTimestamp(timestampMs, lookupScanner);
                if (found >= 0) {
                    return found;
                }
            } catch (IOException e) {
                throw StoreIoException.wrap("time lookup in " + s.file() + " failed", e);
            }
        }
        return nextOffset;
    }

    /** One {@link SegmentInfo} per segment, oldest first. Safe from any thread. */
    public List<SegmentInfo> segments() {
        return segments.infos();
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Total size of all segment files in bytes. Safe from any thread. */
    public long sizeBytes() {
        return segments.totalBytes();
    }

    /**
     * Forces every segment with unsynced bytes (the active one and any rolled since the last flush) and, when
     * files were created or deleted, the directory. Called by the sync thread concurrently with appends;
     * returns normally after {@link #close()} or {@link #delete()}.
     */
    @Override
    public void flush() throws IOException {
        synchronized (flushLock) {
            if (closed) {
                return;
            }
            for (LogSegment s : segments.snapshot()) {
                s.sync();
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

    /**
     * Deletes whole segments from the oldest end while {@code policy} is exceeded (see {@link Retention}), never
     * the active one. The first offset advances before the files are renamed to {@code .deleted} and deleted.
     *
     * @return the number of segments deleted
     */
    public int enforceRetention(RetentionPolicy policy) {
        ensureOpen();
        return Retention.enforce(this, segments, policy, clock.millis());
    }

    /**
     * Deletes the segment with base offset {@code baseOffset} (a classic queue does this once every record in
     * it is acknowledged).
     *
     * @return false if there is no such segment
     * @throws IllegalArgumentException if it is the active segment
     */
    public boolean deleteSegment(long baseOffset) {
        ensureOpen();
        LogSegment s = segments.withBase(baseOffset);
        if (s == null) {
            return false;
        }
        if (s == active) {
            throw new IllegalArgumentException("segment " + baseOffset + " is the active segment of " + dir);
        }
        removeSegment(s);
        return true;
    }

    /** Deletes every record (queue purge): all segments go and an empty one starts at {@link #nextOffset()}. */
    public void truncateAll() {
        ensureOpen();
        LogSegment[] old = segments.snapshot();
        if (old.length == 1 && active.recordCount() == 0) {
            return;
        }
        if (active.recordCount() > 0) {
            try {
                LogSegment fresh = LogSegment.create(dir, nextOffset, config);
                active.seal();
                active = fresh;
            } catch (IOException e) {
                throw StoreIoException.wrap("cannot truncate log " + dir, e);
            }
        }
        segments.replaceAll(active);
        dirDirty = true;
        for (LogSegment s : old) {
            if (s != active) {
                retireAndDelete(s);
            }
        }
    }

    void removeSegment(LogSegment s) {
        segments.remove(s);  // the first offset advances before any file disappears
        dirDirty = true;
        retireAndDelete(s);
    }

    private static void retireAndDelete(LogSegment s) {
        s.retire();
        try {
            s.deleteFiles();
        } catch (IOException e) {
            LOG.warn("could not delete {} (removed again at the next open): {}", s.file(), e.toString());
        }
    }

    SegmentList segmentList() {
        return segments;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("log " + dir + " is closed");
        }
    }

    public Path directory() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /**
     * Forces every segment and the directory, then closes the files. The synced sizes written by that force
     * reach the disk with the OS's writeback, so a normal restart finds every segment synced and scans almost
     * nothing; after a power cut right after close, recovery just scans more. Idempotent.
     */
    @Override
    public void close() {
        synchronized (flushLock) {
            if (closed) {
                return;
            }
            try {
                for (LogSegment s : segments.snapshot()) {
                    s.sync();  // the synced-size header it writes reaches the disk with the OS's writeback
                }
                SegmentFiles.fsyncDirectory(dir);
            } catch (IOException e) {
                throw StoreIoException.wrap("cannot flush log " + dir + " on close", e);
            } finally {
                closed = true;
                for (LogSegment s : segments.snapshot()) {
                    s.closeFiles();
                }
            }
        }
    }

    /** Closes the log without flushing and deletes its directory with every file in it (queue deletion). */
    public void delete() {
        synchronized (flushLock) {
            closed = true;
            for (LogSegment s : segments.snapshot()) {
                s.retire();
            }
        }
        SegmentFiles.deleteDirectory(dir);
    }

    @Override
    public String toString() {
        return "SegmentedLog[" + dir + ", offsets " + firstOffset() + ".." + nextOffset + ", "
                + segments.size() + " segments]";
    }
}
