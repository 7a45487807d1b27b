package io.warren.store.log;

import io.warren.store.StoreIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the segments of a log directory after a clean shutdown or a crash (Kafka's {@code LogSegment.recover}).
 * <p>For every segment it:
 * <ol>
 * <li>checks the file header; a header that is short or all zero (a crash right after the segment was created,
 *     before anything in it was forced) is rewritten and the segment starts empty; a wrong magic, version or
 *     base offset is refused with a {@link StoreIoException};</li>
 * <li>loads the offset and time indexes, keeps their longest consistent common prefix and picks the last entry
 *     that lies below the header's synced size and points at the record it claims (the indexes are caches:
 *     when one is missing or disagrees, both are rebuilt from the start of the segment);</li>
 * <li>scans forward from that entry to the end of the file, checking each record's length, CRC and offset,
 *     adding index entries as {@link LogSegment#append} would, and stops at the first short or bad record;</li>
 * <li>truncates the file there and forces the truncation.</li>
 * </ol>
 * After a clean shutdown every segment is synced to its end, so each scan covers at most one index interval.
 * A segment that lost its tail keeps the segments after it: none of their records can have been confirmed
 * (every sync forces older segments first), and offsets stay unique because appends continue after the last one.
 * <p>Confinement: runs on the thread that opens the log, before the log is published.
 */
final class LogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
    private static final int SCAN_BUFFER_BYTES = 256 << 10;

    private LogRecovery() {
    }

    /** Cleans {@code dir} and opens every segment in it, oldest first; the last one is left open for appends. */
    static List<LogSegment> recoverAll(Path dir, LogConfig config) throws IOException {
        cleanDirectory(dir);
        List<Long> bases = SegmentFiles.baseOffsets(dir, SegmentFiles.Kind.LOG);
        List<LogSegment> out = new ArrayList<>(bases.size());
        RecordScanner scanner = new RecordScanner(
                Math.min(SCAN_BUFFER_BYTES, config.segmentBytes() + RecordFormat.HEADER_SIZE), config.maxRecordBytes());
        try {
            for (int i = 0; i < bases.size(); i++) {
                scanner.invalidate();
                out.add(recover(dir, bases.get(i), config, i == bases.size() - 1, scanner));
            }
            for (int i = 0; i + 1 < out.size(); i++) {
                if (out.get(i).nextOffset() > out.get(i + 1).baseOffset()) {
                    throw new StoreIoException("segments overlap in " + dir + ": " + out.get(i).file()
                            + " ends at offset " + out.get(i).nextOffset() + " after the start of "
                            + out.get(i + 1).file());
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(LogSegment::retire);
            throw e;
        }
    }

    /** Deletes {@code *.deleted} leftovers and index files whose {@code .log} is gone. */
    static void cleanDirectory(Path dir) throws IOException {
        Set<Long> logs = new HashSet<>(SegmentFiles.baseOffsets(dir, SegmentFiles.Kind.LOG));
        for (SegmentFiles.Parsed p : SegmentFiles.list(dir)) {
            boolean orphanIndex = (p.kind() == SegmentFiles.Kind.OFFSET_INDEX
                    || p.kind() == SegmentFiles.Kind.TIME_INDEX) && !logs.contains(p.baseOffset());
            if (p.deleted() || orphanIndex) {
                Files.deleteIfExists(p.resolve(dir));
            }
        }
    }

    static LogSegment recover(Path dir, long base, LogConfig config, boolean active, RecordScanner scanner)
            throws IOException {
        Path logPath = SegmentFiles.path(dir, base, SegmentFiles.Kind.LOG);
        FileChannel ch = FileChannel.open(logPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        OffsetIndex offsetIndex = null;
        TimeIndex timeIndex = null;
        try {
            long fileSize = ch.size();
            long maxFile = (long) LogConfig.MAX_SEGMENT_BYTES + LogConfig.MAX_RECORD_BYTES + 1024;
            if (fileSize > maxFile) {
                throw new StoreIoException(logPath + " is " + fileSize + " bytes (expected: <= " + maxFile + ")");
            }
            long synced = checkHeader(ch, fileSize, base, logPath);
            if (synced < 0) {
                LOG.warn("{}: empty or torn file header, starting the segment empty", logPath);
                ch.truncate(0);
                LogSegment.writeFileHeader(ch, base);
                ch.force(true);
                fileSize = LogSegment.HEADER_SIZE;
                synced = LogSegment.HEADER_SIZE;
            }
            Start start = chooseStart(dir, base, ch, fileSize, synced, scanner);
            offsetIndex = OffsetIndex.forAppend(SegmentFiles.path(dir, base, SegmentFiles.Kind.OFFSET_INDEX),
                    start.keepEntries, start.offsetIndexBytes);
            timeIndex = TimeIndex.forAppend(SegmentFiles.path(dir, base, SegmentFiles.Kind.TIME_INDEX),
                    start.keepEntries, start.timeIndexBytes);

            long pos = start.position;
            long expected = start.offset;
            long firstTs = start.firstTimestamp;
            long maxTs = start.maxTimestamp;
            int bytesSince = 0;
            RecordScanner.Result r;
            String stop = null;
            while ((r = scanner.readAt(ch, pos, fileSize)) == RecordScanner.Result.RECORD) {
                long off = scanner.offset();
                if (off != expected) {
                    stop = "offset " + off + " where " + expected + " was expected";
                    break;
                }
                long ts = scanner.timestamp();
                long newMax = Math.max(maxTs, ts);
                boolean alreadyIndexed = start.keepEntries > 0 && pos == start.position;
                if (!alreadyIndexed && bytesSince >= config.indexIntervalBytes()) {
                    int rel = (int) (off - base);
                    offsetIndex.append(rel, (int) pos);
                    timeIndex.append(newMax, rel);
                    bytesSince = 0;
                }
                bytesSince += scanner.recordSize();
                if (off == base) {
                    firstTs = ts;
                }
                maxTs = newMax;
                expected++;
                pos += scanner.recordSize();
            }
            if (stop == null && r != RecordScanner.Result.END) {
                stop = r == RecordScanner.Result.SHORT ? "short record" : "bad length or CRC";
            }
            int syncedSize = (int) Math.min(synced, pos);
            if (pos < fileSize) {
                LOG.warn("{}: truncating {} bytes at position {} after offset {} ({})",
                        logPath, fileSize - pos, pos, expected - 1, stop);
                ch.truncate(pos);
                ch.force(true);
                if (synced > pos) {
                    syncedSize = LogSegment.HEADER_SIZE;  // the header overstates it: rewrite at the next sync
                }
            }
            LogSegment seg = new LogSegment(dir, base, ch, offsetIndex, timeIndex, config.indexIntervalBytes(),
                    (int) pos, expected, firstTs, maxTs, bytesSince, syncedSize);
            if (!active) {
                seg.seal();
            }
            return seg;
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (offsetIndex != null) {
                offsetIndex.close();
            }
            if (timeIndex != null) {
                timeIndex.close();
            }
            throw e;
        }
    }

    /** The synced size from a valid header (clamped to [32, fileSize], 32 when unknown), or -1 to rewrite it. */
    private static long checkHeader(FileChannel ch, long fileSize, long base, Path logPath) throws IOException {
        if (fileSize < LogSegment.HEADER_SIZE) {
            return -1;
        }
        ByteBuffer h = ByteBuffer.allocate(LogSegment.HEADER_SIZE);
        while (h.hasRemaining() && ch.read(h, h.position()) >= 0) {
            // positional read of the header
        }
        h.flip();
        boolean allZero = true;
        for (int i = 0; i < h.limit(); i++) {
            allZero &= h.get(i) == 0;
        }
        if (allZero) {
            return -1;
        }
        if (h.getInt(0) != LogSegment.MAGIC) {
            throw new StoreIoException(logPath + " is not a Warren segment (bad magic)");
        }
        int version = h.getShort(4) & 0xFFFF;
        if (version != LogSegment.FORMAT_VERSION) {
            throw new StoreIoException(logPath + ": unsupported segment format version " + version
                    + " (expected: " + LogSegment.FORMAT_VERSION + ")");
        }
        long headerBase = h.getLong(LogSegment.BASE_OFFSET_AT);
        if (headerBase != base) {
            throw new StoreIoException(logPath + ": header says base offset " + headerBase);
        }
        long synced = LogSegment.syncedSizeOf(h, base);
        return synced < LogSegment.HEADER_SIZE || synced > fileSize ? LogSegment.HEADER_SIZE : synced;
    }

    /** Where the scan starts, and the state the indexes give for the records before it. */
    private record Start(long position, long offset, int keepEntries, long firstTimestamp, long maxTimestamp,
                         long offsetIndexBytes, long timeIndexBytes) {
    }

    private static Start chooseStart(Path dir, long base, FileChannel ch, long fileSize, long synced,
                                     RecordScanner scanner) throws IOException {
        ByteBuffer idx = EntryFile.readAll(SegmentFiles.path(dir, base, SegmentFiles.Kind.OFFSET_INDEX));
        ByteBuffer tidx = EntryFile.readAll(SegmentFiles.path(dir, base, SegmentFiles.Kind.TIME_INDEX));
        Start fromScratch = new Start(LogSegment.HEADER_SIZE, base, 0, -1, -1,
                idx == null ? -1 : idx.capacity(), tidx == null ? -1 : tidx.capacity());
        if (idx == null || tidx == null) {
            if (fileSize > LogSegment.HEADER_SIZE) {
                LOG.info("{}: index file missing, rebuilding", SegmentFiles.path(dir, base, SegmentFiles.Kind.LOG));
            }
            return fromScratch;
        }
        int agreed = commonValidPrefix(idx, tidx, fileSize);
        int k = agreed - 1;
        while (k >= 0 && OffsetIndex.positionAt(idx, k) >= synced) {
            k--;
        }
        if (k < 0) {
            return fromScratch;
        }
        int rel = OffsetIndex.relativeOffsetAt(idx, k);
        int pos = OffsetIndex.positionAt(idx, k);
        if (scanner.readAt(ch, pos, fileSize) != RecordScanner.Result.RECORD || scanner.offset() != base + rel) {
            LOG.info("{}: index entry {} does not match the log, rebuilding the indexes",
                    SegmentFiles.path(dir, base, SegmentFiles.Kind.OFFSET_INDEX), k);
            return fromScratch;
        }
        if (scanner.readAt(ch, LogSegment.HEADER_SIZE, fileSize) != RecordScanner.Result.RECORD
                || scanner.offset() != base) {
            return fromScratch;
        }
        long firstTs = scanner.timestamp();
        return new Start(pos, base + rel, k + 1, firstTs, TimeIndex.timestampAt(tidx, k), idx.capacity(),
                tidx.capacity());
    }

    /**
     * Number of leading entries that are valid in both indexes and agree on the relative offset: offsets and
     * positions strictly increase (the first record, relative offset 0, is never indexed), positions lie inside
     * the file, timestamps never decrease.
     */
    private static int commonValidPrefix(ByteBuffer idx, ByteBuffer tidx, long fileSize) {
        int n = Math.min(idx.capacity() / OffsetIndex.ENTRY_SIZE, tidx.capacity() / TimeIndex.ENTRY_SIZE);
        long prevRel = 0;
        long prevPos = LogSegment.HEADER_SIZE;
        long prevTs = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long rel = OffsetIndex.relativeOffsetAt(idx, i) & 0xFFFF_FFFFL;
            long pos = OffsetIndex.positionAt(idx, i) & 0xFFFF_FFFFL;
            long ts = TimeIndex.timestampAt(tidx, i);
            if (rel <= prevRel || rel > Integer.MAX_VALUE || pos <= prevPos || pos >= fileSize || ts < prevTs
                    || (TimeIndex.relativeOffsetAt(tidx, i) & 0xFFFF_FFFFL) != rel) {
                return i;
            }
            prevRel = rel;
            prevPos = pos;
            prevTs = ts;
        }
        return n;
    }
}
