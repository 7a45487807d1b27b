package io.warren.broker.queue;

import java.util.Map;

/**
 * What management shows of a stream: its offsets, size, segments and the committed offset of each consumer
 * group. Written only by the stream's queue loop (after appends, retention and every 200 ms), read by anyone:
 * one volatile snapshot, so a reader never sees fields from two different moments.
 */
public final class StreamStats {
    /**
     * @param firstOffset  the oldest offset kept
     * @param nextOffset   the offset the next message will get ({@code nextOffset - 1} is the last one)
     * @param sizeBytes    bytes of all segment files
     * @param segments     number of segment files
     * @param groupOffsets committed offset by consumer group
     */
    public record Snapshot(long firstOffset, long nextOffset, long sizeBytes, int segments,
                           Map<String, Long> groupOffsets) {
        /** The last offset written, or -1 when the stream has never had a message. */
        public long lastOffset() {
            return nextOffset - 1;
        }
    }

    private volatile Snapshot snapshot = new Snapshot(0, 0, 0, 0, Map.of());

    public Snapshot snapshot() {
        return snapshot;
    }

    void update(long firstOffset, long nextOffset, long sizeBytes, int segments, Map<String, Long> groups) {
        Snapshot s = snapshot;
        if (s.firstOffset() != firstOffset || s.nextOffset() != nextOffset || s.sizeBytes() != sizeBytes
                || s.segments() != segments || s.groupOffsets() != groups) {
            snapshot = new Snapshot(firstOffset, nextOffset, sizeBytes, segments, groups);
        }
    }
}
