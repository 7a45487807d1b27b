package io.warren.store.log;

import io.warren.store.StoreIoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The only place that builds and parses the names of segment files.
 * <p>A name is the segment's base offset zero-padded to 20 digits (so {@code ls} sorts files numerically, as in
 * Kafka) plus a suffix: {@code 00000000000000001234.log}, {@code .idx}, {@code .tidx}, {@code .acks}. A file
 * being deleted is first renamed to {@code <name>.deleted}; leftovers of a crash are removed on open.
 * <p>Stateless and thread-safe.
 */
public final class SegmentFiles {
    /** Suffix appended to a file that is about to be deleted. */
    public static final String DELETED_SUFFIX = ".deleted";
    private static final int DIGITS = 20;

    /** The kinds of per-segment files. */
    public enum Kind {
        /** Records: {@link LogSegment}. */
        LOG(".log"),
        /** Sparse offset index: {@link OffsetIndex}. */
        OFFSET_INDEX(".idx"),
        /** Time index: {@link TimeIndex}. */
        TIME_INDEX(".tidx"),
        /** Acknowledged records of a classic queue ({@code io.warren.store.queue.FileQueueStore}). */
        ACKS(".acks");

        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    /** A parsed file name. */
    public record Parsed(long baseOffset, Kind kind, boolean deleted) {
        /** The file this name denotes inside {@code dir}. */
        public Path resolve(Path dir) {
            Path p = path(dir, baseOffset, kind);
            return deleted ? deletedPath(p) : p;
        }
    }

    private SegmentFiles() {
    }

    /** {@code 00000000000000001234.log} for base offset 1234 and {@link Kind#LOG}. */
    public static String fileName(long baseOffset, Kind kind) {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset: " + baseOffset + " (expected: >= 0)");
        }
        return String.format(Locale.ROOT, "%0" + DIGITS + "d%s", baseOffset, kind.suffix());
    }

    public static Path path(Path dir, long baseOffset, Kind kind) {
        return dir.resolve(fileName(baseOffset, kind));
    }

    /** The name a file takes just before it is deleted. */
    public static Path deletedPath(Path file) {
        return file.resolveSibling(file.getFileName().toString() + DELETED_SUFFIX);
    }

    /** Parses a file name built by this class; empty for anything else. */
    public static Optional<Parsed> parse(String fileName) {
        boolean deleted = fileName.endsWith(DELETED_SUFFIX);
        String name = deleted ? fileName.substring(0, fileName.length() - DELETED_SUFFIX.length()) : fileName;
        if (name.length() <= DIGITS) {
            return Optional.empty();
        }
        String suffix = name.substring(DIGITS);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.suffix().equals(suffix)) {
                kind = k;
            }
        }
        if (kind == null) {
            return Optional.empty();
        }
        long base = 0;
        for (int i = 0; i < DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            base = base * 10 + (c - '0');
            if (base < 0) {
                return Optional.empty();  // more than Long.MAX_VALUE
            }
        }
        return Optional.of(new Parsed(base, kind, deleted));
    }

    /** Base offsets of the live (not {@code .deleted}) files of {@code kind} in {@code dir}, ascending. */
    public static List<Long> baseOffsets(Path dir, Kind kind) throws IOException {
        List<Long> bases = new ArrayList<>();
        for (Parsed p : list(dir)) {
            if (p.kind() == kind && !p.deleted()) {
                bases.add(p.baseOffset());
            }
        }
        Collections.sort(bases);
        return bases;
    }

    /** Every file of {@code dir} whose name this class understands, in no particular order. */
    public static List<Parsed> list(Path dir) throws IOException {
        List<Parsed> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                parse(p.getFileName().toString()).ifPresent(out::add);
            }
        } catch (NoSuchFileException e) {
            return out;
        }
        return out;
    }

    /**
     * Renames {@code file} to {@code <file>.deleted} and then deletes it, so that a crash in between leaves a
     * name that the next open recognises and removes. A missing file is ignored.
     */
    public static void renameAndDelete(Path file) throws IOException {
        Path target = deletedPath(file);
        try {
            Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(target);
    }

    /** Deletes {@code dir} and everything below it; a missing directory is ignored. */
    public static void deleteDirectory(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw StoreIoException.wrap("cannot delete " + dir, e);
        }
    }

    /**
     * Forces a directory's entries (new, renamed and deleted files) to disk. Returns false when the platform
     * cannot open a directory for that (then only the files themselves can be forced).
     */
    public static boolean fsyncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return true;  // the directory was deleted: nothing left to make durable
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        try (ch) {
            ch.force(true);
        }
        return true;
    }
}
