package io.warren.broker.queue;

import io.warren.codec.AmqpException;

import java.util.Map;
import java.util.Set;

/**
 * Validates queue.declare {@code x-*} arguments at declare time, with RabbitMQ's reply form
 * ({@code invalid arg 'x-max-length' for queue 'q' in vhost '/': ...}). Unknown {@code x-} arguments are
 * accepted and ignored, as RabbitMQ does. Stateless.
 */
public final class QueueArguments {
    private static final Set<String> NON_NEGATIVE_INTS = Set.of("x-message-ttl", "x-max-length",
            "x-max-length-bytes", "x-delivery-limit");
    private static final Set<String> OVERFLOW = Set.of("drop-head", "reject-publish", "reject-publish-dlx");

    private QueueArguments() {
    }

    /** The queue type named by {@code x-queue-type} ("classic" when absent). */
    public static String queueType(Map<String, Object> args) {
        Object t = args.get("x-queue-type");
        return t == null ? "classic" : t.toString();
    }

    /** {@code x-max-priority} (validated: 0..255), or 0 when absent: the queue has no priorities. */
    static int maxPriority(Map<String, Object> args) {
        Object v = args.get("x-max-priority");
        return v instanceof Number n ? (int) n.longValue() : 0;
    }

    public static void validate(String queue, String vhost, Map<String, Object> args) {
        if ("stream".equals(args.get("x-queue-type"))) {
            StreamArguments.validate(queue, vhost, args); // RabbitMQ refuses the classic-only arguments first
            return;
        }
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (NON_NEGATIVE_INTS.contains(key)) {
                if (!isIntegral(v) || ((Number) v).longValue() < 0) {
                    throw invalid(key, queue, vhost, v, "a non-negative integer");
                }
            } else if ("x-expires".equals(key)) {
                if (!isIntegral(v) || ((Number) v).longValue() <= 0) {
                    throw invalid(key, queue, vhost, v, "a positive integer");
                }
            } else if ("x-max-priority".equals(key)) {
                if (!isIntegral(v) || ((Number) v).longValue() < 0 || ((Number) v).longValue() > 255) {
                    throw invalid(key, queue, vhost, v, "an integer 0..255");
                }
            } else if ("x-dead-letter-exchange".equals(key) || "x-dead-letter-routing-key".equals(key)) {
                if (!(v instanceof String)) {
                    throw invalid(key, queue, vhost, v, "a string");
                }
            } else if ("x-overflow".equals(key)) {
                if (!(v instanceof String s) || !OVERFLOW.contains(s)) {
                    throw invalid(key, queue, vhost, v, "one of " + OVERFLOW);
                }
            } else if ("x-single-active-consumer".equals(key)) {
                if (!(v instanceof Boolean)) {
                    throw invalid(key, queue, vhost, v, "a boolean");
                }
            } else if ("x-queue-type".equals(key)) {
                if (!(v instanceof String s) || !("classic".equals(s) || "quorum".equals(s) || "stream".equals(s))) {
                    throw invalid(key, queue, vhost, v, "classic, quorum or stream");
                }
            }
        }
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long;
    }

    private static AmqpException invalid(String key, String queue, String vhost, Object v, String expected) {
        return AmqpException.preconditionFailed("invalid arg '%s' for queue '%s' in vhost '%s': %s (expected: %s)",
                key, queue, vhost, v, expected);
    }
}
