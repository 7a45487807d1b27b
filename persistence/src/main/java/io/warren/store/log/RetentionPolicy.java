package io.warren.store.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of a stream to keep. Retention deletes whole segments from the oldest end and never the active
 * segment (see {@link SegmentedLog#enforceRetention(RetentionPolicy)}). Zero means unlimited for every limit.
 *
 * @param maxBytes    total size of all segment files ({@code x-max-length-bytes}); 0 = unlimited
 * @param maxAge      a segment goes once its newest record is older than this ({@code x-max-age});
 *                    {@link Duration#ZERO} = unlimited
 * @param maxSegments number of segment files to keep; 0 = unlimited
 */
public record RetentionPolicy(long maxBytes, Duration maxAge, int maxSegments) {
    public static final RetentionPolicy UNLIMITED = new RetentionPolicy(0, Duration.ZERO, 0);

    public RetentionPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " (expected: >= 0)");
        }
        if (maxSegments < 0) {
            throw new IllegalArgumentException("maxSegments: " + maxSegments + " (expected: >= 0)");
        }
    }

    public static RetentionPolicy of(long maxBytes, Duration maxAge) {
        return new RetentionPolicy(maxBytes, maxAge, 0);
    }

    public static RetentionPolicy bySize(long maxBytes) {
        return new RetentionPolicy(maxBytes, Duration.ZERO, 0);
    }

    public static RetentionPolicy byAge(Duration maxAge) {
        return new RetentionPolicy(0, maxAge, 0);
    }

    public boolean isUnlimited() {
        return maxBytes == 0 && maxAge.isZero() && maxSegments == 0;
    }
}
