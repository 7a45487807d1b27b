package io.warren.broker.queue;

import io.warren.codec.AmqpException;

import java.util.Map;
import java.util.Set;

/**
 * Validates queue.declare {@code x-*} arguments at declare time, with RabbitMQ's reply form
 * ({@code invalid arg 'x-max-length' for queue 'q' in vhost '/': ...}). Unknown {@code x-} arguments are
 * accepted and ignored, as RabbitMQ does. A quorum queue ({@code x-queue-type=quorum}) is a classic queue with a
 * delivery count and limit here, one node's worth of RabbitMQ's; the arguments and declare flags RabbitMQ 3.10
 * refuses for that type are refused the same way. Stateless.
 */
public final class QueueArguments {
    public static final String QUORUM = "quorum";
    private static final Set<String> NON_NEGATIVE_INTS = Set.of("x-message-ttl", "x-max-length",
            "x-max-length-bytes");
    /** Arguments RabbitMQ refuses on a quorum queue ("... of queue type rabbit_quorum_queue"). */
    private static final Set<String> QUORUM_REFUSED = Set.of("x-max-priority", "x-queue-mode",
            "x-queue-master-locator", "x-queue-version");
    /** Arguments RabbitMQ refuses on a classic queue: only quorum queues have them. */
    private static final Set<String> CLASSIC_REFUSED = Set.of("x-delivery-limit");
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

    /**
     * A quorum queue's delivery limit from its (effective) arguments, or -1 when it has none: other queue types,
     * and a value that is not a non-negative integer, which RabbitMQ accepts and ignores.
     */
    static long deliveryLimit(boolean quorum, Map<String, Object> args) {
        Object v = args.get("x-delivery-limit");
        return quorum && isIntegral(v) && ((Number) v).longValue() >= 0 ? ((Number) v).longValue() : -1;
    }

    public static void validate(String queue, String vhost, Map<String, Object> args) {
        Object type = args.get("x-queue-type");
        if ("stream".equals(type)) {
            StreamArguments.validate(queue, vhost, args); // RabbitMQ refuses the classic-only arguments first
            return;
        }
        boolean quorum = QUORUM.equals(type);
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if ((quorum ? QUORUM_REFUSED : CLASSIC_REFUSED).contains(key)) {
                throw AmqpException.preconditionFailed("invalid arg '%s' for queue '%s' in vhost '%s' of queue type "
                        + "rabbit_%s_queue", key, queue, vhost, quorum ? QUORUM : "classic");
            }
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

    /**
     * RabbitMQ's checks of the declare flags of a quorum queue, in its order (after the arguments): durable, not
     * exclusive, not auto-delete, not server-named.
     */
    public static void checkQuorumProperties(String queue, String vhost, boolean durable, boolean exclusive,
                                             boolean autoDelete, boolean serverNamed) {
        StreamArguments.checkProperties(queue, vhost, durable, exclusive, autoDelete);
        if (serverNamed) {
            throw AmqpException.preconditionFailed("Cannot declare a server-named queue for type rabbit_quorum_queue");
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
