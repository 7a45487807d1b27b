package io.warren.broker.queue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The file a durable queue leaves at a clean shutdown: the offsets of its stored messages that had already been
 * delivered ({@code clean-shutdown}: magic "WRDM", u16 version 1, u32 count, i64 offsets; see docs/storage.md).
 * At start the queue reads and deletes it: its presence means "the flags are exact"; its absence (a crash) means
 * every recovered message may have been delivered. Called on the queue's loop at start and at shutdown only.
 */
final class DeliveredMarks {
    static final String FILE = "clean-shutdown";
    private static final int MAGIC = 0x5752444D; // "WRDM"
    private static final int VERSION = 1;

    private DeliveredMarks() {
    }

    static void write(Path queueDir, List<Long> delivered) {
        Path file = queueDir.resolve(FILE);
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeInt(delivered.size());
            for (long offset : delivered) {
                out.writeLong(offset);
            }
        } catch (IOException e) {
            // Without the file the next start treats every message as possibly delivered: safe, less precise.
            deleteQuietly(file);
        }
    }

    /** The delivered offsets of a clean shutdown, or null after a crash (or an unreadable file). */
    static Set<Long> readAndClear(Path queueDir) {
        Path file = queueDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            if (in.readInt() != MAGIC || in.readShort() != VERSION) {
                return null;
            }
            int n = in.readInt();
            Set<Long> offsets = new HashSet<>();
            for (int i = 0; i < n; i++) {
                offsets.add(in.readLong());
            }
            return offsets;
        } catch (IOException e) {
            return null;
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next clean shutdown overwrites it
        }
    }
}
