package io.warren.broker.queue;

import io.warren.codec.AmqpException;
import io.warren.store.log.LogConfig;
import io.warren.store.log.RetentionPolicy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The declare-time rules of a stream ({@code x-queue-type=stream}), with RabbitMQ 3.x's reply texts: the
 * properties a stream cannot have, the arguments that make no sense on a stream, and the types of
 * {@code x-max-length-bytes}, {@code x-max-age} and {@code x-stream-max-segment-size-bytes}. Also parses
 * RabbitMQ's interval strings ({@code 7D}, {@code 12h}: used by {@code x-max-age} and {@code x-stream-offset}).
 * Unknown {@code x-} arguments are accepted and ignored, as RabbitMQ does. Stateless.
 */
public final class StreamArguments {
    /** Arguments RabbitMQ refuses on a stream ("... of queue type rabbit_stream_queue"). */
    private static final Set<String> REFUSED = Set.of("x-message-ttl", "x-max-length", "x-dead-letter-exchange",
            "x-dead-letter-routing-key", "x-dead-letter-strategy", "x-max-priority", "x-expires", "x-overflow",
            "x-single-active-consumer", "x-queue-mode", "x-delivery-limit", "x-queue-master-locator");
    /** RabbitMQ's upper bound for {@code x-stream-max-segment-size-bytes} (3 GB). */
    static final long MAX_SEGMENT_SIZE = 3_000_000_000L;
    private static final long DAY_MS = 24L * 3600 * 1000;

    private StreamArguments() {
    }

    /** What a stream's arguments configure: its segment size and its retention. */
    public record Config(int segmentBytes, RetentionPolicy retention) {
    }

    /** Validates the arguments of a stream declaration (x-queue-type is already known to be "stream"). */
    public static void validate(String queue, String vhost, Map<String, Object> args) {
        for (String key : args.keySet()) {
            if (REFUSED.contains(key)) {
                throw AmqpException.preconditionFailed("invalid arg '%s' for queue '%s' in vhost '%s' of queue type "
                        + "rabbit_stream_queue", key, queue, vhost);
            }
        }
        config(queue, vhost, args);
    }

    /** RabbitMQ's checks of the declare flags, in its order: a stream is durable, not exclusive, not auto-delete. */
    public static void checkProperties(String queue, String vhost, boolean durable, boolean exclusive,
                                       boolean autoDelete) {
        String property = autoDelete ? "auto-delete" : exclusive ? "exclusive-owner" : !durable ? "non-durable" : null;
        if (property != null) {
            throw AmqpException.preconditionFailed("invalid property '%s' for queue '%s' in vhost '%s'", property,
                    queue, vhost);
        }
    }

    /** The configuration the (valid) arguments describe. */
    public static Config config(String queue, String vhost, Map<String, Object> args) {
        long maxBytes = nonNegative(queue, vhost, args, "x-max-length-bytes", 0);
        long segment = nonNegative(queue, vhost, args, "x-stream-max-segment-size-bytes",
                LogConfig.STREAM_SEGMENT_BYTES);
        if (segment > MAX_SEGMENT_SIZE) {
            throw AmqpException.preconditionFailed("Exceeded max value for x-stream-max-segment-size-bytes");
        }
        // RabbitMQ allows up to 3 GB; our segment positions are u32 with a 1 GiB cap, and a segment must hold
        // one record header: both ends are clamped rather than refused, so every declare RabbitMQ takes works.
        int minSegment = 64;
        int segmentBytes = (int) Math.max(minSegment, Math.min(segment, LogConfig.MAX_SEGMENT_BYTES));
        Duration maxAge = Duration.ZERO;
        Object age = args.get("x-max-age");
        if (age != null) {
            long ms = age instanceof String s ? intervalMillis(s) : -1;
            if (ms <= 0) {
                throw invalid(queue, vhost, "x-max-age", age,
                        "a positive integer followed by one of Y, M, D, h, m, s, such as 7D");
            }
            maxAge = Duration.ofMillis(ms);
        }
        return new Config(segmentBytes, RetentionPolicy.of(maxBytes, maxAge));
    }

    private static long nonNegative(String queue, String vhost, Map<String, Object> args, String key, long dflt) {
        Object v = args.get(key);
        if (v == null) {
            return dflt;
        }
        if (!isIntegral(v) || ((Number) v).longValue() < 0) {
            throw invalid(queue, vhost, key, v, "a non-negative integer");
        }
        return ((Number) v).longValue();
    }

    /**
     * RabbitMQ's interval syntax: a positive integer and one unit, {@code Y} (365 days), {@code M} (30 days),
     * {@code D}, {@code h}, {@code m} or {@code s}. Returns milliseconds, or -1 when {@code s} is not one.
     */
    public static long intervalMillis(String s) {
        int n = s.length();
        if (n < 2 || n > 19) {
            return -1;
        }
        long unit = switch (s.charAt(n - 1)) {
            case 'Y' -> 365 * DAY_MS;
            case 'M' -> 30 * DAY_MS;
            case 'D' -> DAY_MS;
            case 'h' -> 3600_000L;
            case 'm' -> 60_000L;
            case 's' -> 1000L;
            default -> -1;
        };
        if (unit < 0) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n - 1; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        if (value <= 0 || value > Long.MAX_VALUE / unit) {
            return -1;
        }
        return value * unit;
    }

    static boolean isIntegral(Object v) {
        return v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long;
    }

    private static AmqpException invalid(String queue, String vhost, String key, Object v, String expected) {
        return AmqpException.preconditionFailed("invalid arg '%s' for queue '%s' in vhost '%s': %s (expected: %s)",
                key, queue, vhost, v, expected);
    }
}
