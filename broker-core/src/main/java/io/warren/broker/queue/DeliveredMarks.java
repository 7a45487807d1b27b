package io.warren.broker.queue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The file a durable queue leaves at a clean shutdown: the offsets of its stored messages that had already been
 * delivered, each with the number of times it came back to the queue (a quorum queue's delivery count)
 * ({@code clean-shutdown}: magic "WRDM", u16 version 2, u32 count, then per message an i64 offset and a u32 count;
 * version 1 had offsets only; see docs/storage.md). At start the queue reads and deletes it: its presence means
 * "the flags are exact"; its absence (a crash) means every recovered message may have been delivered, and its
 * count starts again from 0. Called on the queue's loop at start and at shutdown only.
 */
final class DeliveredMarks {
    static final String FILE = "clean-shutdown";
    private static final int MAGIC = 0x5752444D; // "WRDM"
    private static final int VERSION = 2;
    private static final int OFFSETS_ONLY = 1;

    private DeliveredMarks() {
    }

    /** @param delivered the delivered messages' offsets, each with the times it came back */
    static void write(Path queueDir, Map<Long, Integer> delivered) {
        Path file = queueDir.resolve(FILE);
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeInt(delivered.size());
            for (Map.Entry<Long, Integer> e : delivered.entrySet()) {
                out.writeLong(e.getKey());
                out.writeInt(e.getValue());
            }
        } catch (IOException e) {
            // Without the file the next start treats every message as possibly delivered: safe, less precise.
            deleteQuietly(file);
        }
    }

    /**
     * The delivered offsets of a clean shutdown with how often each came back, or null after a crash (or an
     * unreadable file).
     */
    static Map<Long, Integer> readAndClear(Path queueDir) {
        Path file = queueDir.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            int version = in.readInt() == MAGIC ? in.readShort() : -1;
            if (version != VERSION && version != OFFSETS_ONLY) {
                return null;
            }
            int n = in.readInt();
            Map<Long, Integer> offsets = new HashMap<>();
            for (int i = 0; i < n; i++) {
                offsets.put(in.readLong(), version == VERSION ? in.readInt() : 0);
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
