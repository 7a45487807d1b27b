package io.warren.store.log;

/**
 * A snapshot of one segment, as returned by {@link SegmentedLog#segments()}.
 *
 * @param baseOffset     offset of the segment's first record (its file name)
 * @param sizeBytes      file size including the 32-byte file header
 * @param firstTimestamp timestamp of the first record, or -1 if the segment is empty
 * @param lastTimestamp  largest timestamp of any record in the segment, or -1 if empty (retention compares it)
 * @param recordCount    number of records; they hold offsets {@code baseOffset .. baseOffset + recordCount - 1}
 */
public record SegmentInfo(long baseOffset, long sizeBytes, long firstTimestamp, long lastTimestamp,
                          long recordCount) {
    /** The offset after the segment's last record. */
    public long nextOffset() {
        return baseOffset + recordCount;
    }
}
