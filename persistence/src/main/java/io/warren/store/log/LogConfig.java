package io.warren.store.log;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one {@link SegmentedLog}.
 *
 * @param segmentBytes       roll to a new segment when the next record would make the active one larger than
 *                           this (a segment always takes at least one record, so a single record larger than
 *                           this gets a segment of its own); at most 1 GiB so that file positions fit in a u32
 * @param indexIntervalBytes bytes of records between two sparse index entries (Kafka's {@code index.interval.bytes})
 * @param maxRecordBytes     largest accepted payload; at most 512 MiB
 * @param segmentMaxAge      also roll when the active segment's first record is older than this; {@link Duration#ZERO}
 *                           disables it (streams use it so that age-based retention can reach quiet segments)
 * @param readBufferBytes    initial read buffer of each {@link LogReader} (it grows to fit a larger record)
 */
public record LogConfig(int segmentBytes, int indexIntervalBytes, int maxRecordBytes, Duration segmentMaxAge,
                        int readBufferBytes) {
    public static final int MAX_SEGMENT_BYTES = 1 << 30;
    public static final int MAX_RECORD_BYTES = 512 << 20;
    /** Classic queues: 8 MiB segments, so fully acked segments are reclaimed soon. */
    public static final int CLASSIC_SEGMENT_BYTES = 8 << 20;
    /** Streams: RabbitMQ's default {@code x-stream-max-segment-size-bytes} (500 MB). */
    public static final int STREAM_SEGMENT_BYTES = 500_000_000;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    /** 16 MiB of AMQP body (RabbitMQ's default max message size) plus room for properties and routing data. */
    public static final int DEFAULT_MAX_RECORD_BYTES = (16 << 20) + (1 << 20);
    public static final int DEFAULT_READ_BUFFER_BYTES = 64 << 10;

    public LogConfig {
        Objects.requireNonNull(segmentMaxAge, "segmentMaxAge");
        int minSegment = LogSegment.HEADER_SIZE + RecordFormat.HEADER_SIZE + 1;
        if (segmentBytes < minSegment || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException(
                    "segmentBytes: " + segmentBytes + " (expected: " + minSegment + ".." + MAX_SEGMENT_BYTES + ")");
        }
        if (indexIntervalBytes < 1) {
            throw new IllegalArgumentException("indexIntervalBytes: " + indexIntervalBytes + " (expected: >= 1)");
        }
        if (maxRecordBytes < 1 || maxRecordBytes > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "maxRecordBytes: " + maxRecordBytes + " (expected: 1.." + MAX_RECORD_BYTES + ")");
        }
        if (segmentMaxAge.isNegative()) {
            throw new IllegalArgumentException("segmentMaxAge: " + segmentMaxAge + " (expected: >= 0)");
        }
        if (readBufferBytes < RecordFormat.HEADER_SIZE) {
            throw new IllegalArgumentException(
                    "readBufferBytes: " + readBufferBytes + " (expected: >= " + RecordFormat.HEADER_SIZE + ")");
        }
    }

    /** Defaults for a classic queue: 8 MiB segments, an index entry every 4 KiB, no age-based roll. */
    public static LogConfig classicQueue() {
        return new LogConfig(CLASSIC_SEGMENT_BYTES, DEFAULT_INDEX_INTERVAL_BYTES, DEFAULT_MAX_RECORD_BYTES,
                Duration.ZERO, DEFAULT_READ_BUFFER_BYTES);
    }

    /** Defaults for a stream: 500 MB segments, an index entry every 4 KiB, no age-based roll. */
    public static LogConfig stream() {
        return classicQueue().withSegmentBytes(STREAM_SEGMENT_BYTES);
    }

    public LogConfig withSegmentBytes(int bytes) {
        return new LogConfig(bytes, indexIntervalBytes, maxRecordBytes, segmentMaxAge, readBufferBytes);
    }

    public LogConfig withIndexIntervalBytes(int bytes) {
        return new LogConfig(segmentBytes, bytes, maxRecordBytes, segmentMaxAge, readBufferBytes);
    }

    public LogConfig withMaxRecordBytes(int bytes) {
        return new LogConfig(segmentBytes, indexIntervalBytes, bytes, segmentMaxAge, readBufferBytes);
    }

    public LogConfig withSegmentMaxAge(Duration age) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxRecordBytes, age, readBufferBytes);
    }

    public LogConfig withReadBufferBytes(int bytes) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxRecordBytes, segmentMaxAge, bytes);
    }
}
