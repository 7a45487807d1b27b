package io.warren.store.log;

/**
 * The retention rule of {@link SegmentedLog#enforceRetention(RetentionPolicy)}, after Kafka's
 * {@code UnifiedLog.deleteOldSegments}: look only at the oldest segment, delete it while any limit is exceeded,
 * stop at the first segment that may stay or at the active segment (there is always one segment).
 * <ul>
 * <li>size: the total size of all segment files is above {@code maxBytes};</li>
 * <li>age: the oldest segment's newest record is older than {@code now - maxAge} (an empty non-active segment,
 *     which only a crash can leave, counts as old);</li>
 * <li>count: more than {@code maxSegments} segments.</li>
 * </ul>
 * <p>Confinement: the log's owning thread.
 */
final class Retention {
    private Retention() {
    }

    static int enforce(SegmentedLog log, SegmentList segments, RetentionPolicy policy, long nowMs) {
        long maxAgeMs = policy.maxAge().toMillis();
        long total = log.sizeBytes();
        int deleted = 0;
        while (segments.size() > 1) {
            LogSegment oldest = segments.first();
            boolean bySize = policy.maxBytes() > 0 && total > policy.maxBytes();
            boolean byAge = maxAgeMs > 0 && oldest.maxTimestamp() < nowMs - maxAgeMs;
            boolean byCount = policy.maxSegments() > 0 && segments.size() > policy.maxSegments();
            if (!bySize && !byAge && !byCount) {
                break;
            }
            total -= oldest.size();
            log.removeSegment(oldest);
            deleted++;
        }
        return deleted;
    }
}
