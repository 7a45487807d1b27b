package io.warren.broker.admin;

import java.util.Map;

/**
 * What a stream holds at one moment (a Warren extension of RabbitMQ's queue object).
 *
 * @param firstOffset  the oldest offset kept
 * @param lastOffset   the newest offset written, -1 when the stream never had a message
 * @param sizeBytes    bytes of its segment files
 * @param segments     number of segment files
 * @param groupOffsets the committed offset of each consumer group, by group name
 */
public record StreamInfo(long firstOffset, long lastOffset, long sizeBytes, int segments,
                         Map<String, Long> groupOffsets) {
}
