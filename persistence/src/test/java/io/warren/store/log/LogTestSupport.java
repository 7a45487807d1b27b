package io.warren.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** Payloads that can be recomputed from their offset, and a few checks shared by the log tests. */
final class LogTestSupport {
    private LogTestSupport() {
    }

    /** Small segments and a dense index so that tests cross many boundaries. */
    static LogConfig smallConfig() {
        return new LogConfig(1024, 64, 4096, Duration.ZERO, 128);
    }

    /** Payload of record {@code i}: length 0..199 and bytes derived from {@code i}. */
    static byte[] payload(long i) {
        int len = (int) ((i * 37) % 200);
        byte[] b = new byte[len];
        for (int k = 0; k < len; k++) {
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Appends records {@code log.nextOffset() .. to-1} with {@link #payload(long)}, flags = low byte of offset. */
    static void appendUpTo(SegmentedLog log, long to) {
        while (log.nextOffset() < to) {
            long i = log.nextOffset();
            assertEquals(i, log.append(ByteBuffer.wrap(payload(i)), (byte) i));
        }
    }

    /** Reads from {@code from} to the end and checks every record against {@link #payload(long)}. */
    static long verifyAll(SegmentedLog log, long from) {
        LogReader r = log.newReader(from);
        long expected = Math.max(from, log.firstOffset());
        long count = 0;
        while (r.next()) {
            assertEquals(expected, r.offset());
            assertArrayEquals(payload(expected), bytes(r.payload()), "payload of " + expected);
            assertEquals((byte) expected, r.flags());
            expected++;
            count++;
        }
        assertEquals(log.nextOffset(), expected, "reader stops at nextOffset");
        assertFalse(r.next());
        return count;
    }

    static void copyDirectory(Path from, Path to) {
        try (Stream<Path> s = Files.list(from)) {
            Files.createDirectories(to);
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path lastSegmentFile(Path dir) throws IOException {
        var bases = SegmentFiles.baseOffsets(dir, SegmentFiles.Kind.LOG);
        assertTrue(!bases.isEmpty());
        return SegmentFiles.path(dir, bases.get(bases.size() - 1), SegmentFiles.Kind.LOG);
    }
}
