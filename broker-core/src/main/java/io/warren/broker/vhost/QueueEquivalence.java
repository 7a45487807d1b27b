package io.warren.broker.vhost;

import io.warren.broker.queue.Queue;
import io.warren.codec.AmqpException;

import java.util.Objects;
import java.util.Set;

/**
 * RabbitMQ's equivalence rules for redeclaring a queue: the same durable, exclusive and auto-delete flags, and
 * the same value for each argument RabbitMQ compares. Other arguments are not compared, as in RabbitMQ.
 */
final class QueueEquivalence {
    private static final Set<String> COMPARED_ARGS = Set.of("x-expires", "x-message-ttl", "x-max-length",
            "x-max-length-bytes", "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-priority",
            "x-overflow", "x-queue-mode", "x-queue-type", "x-single-active-consumer", "x-max-age",
            "x-stream-max-segment-size-bytes");

    private QueueEquivalence() {
    }

    static void check(Queue q, QueueSpec spec, String vhost) {
        require(q, vhost, "durable", spec.durable(), q.durable());
        require(q, vhost, "auto_delete", spec.autoDelete(), q.autoDelete());
        for (String arg : COMPARED_ARGS) {
            Object received = spec.arguments().get(arg);
            Object current = q.arguments().get(arg);
            if ("x-queue-type".equals(arg)) {
                received = received == null ? "classic" : received;
                current = current == null ? "classic" : current;
            }
            if (!Objects.equals(normalize(received), normalize(current))) {
                throw AmqpException.preconditionFailed("inequivalent arg '%s' for queue '%s' in vhost '%s': %s", arg,
                        q.name(), vhost, ExchangeEquivalence.differs(received, current));
            }
        }
    }

    private static void require(Queue q, String vhost, String arg, boolean received, boolean current) {
        if (received != current) {
            throw AmqpException.preconditionFailed("inequivalent arg '%s' for queue '%s' in vhost '%s': received "
                    + "'%s' but current is '%s'", arg, q.name(), vhost, received, current);
        }
    }

    /** Integral numbers compare by value whatever their wire type (a client may send 10 as short or long). */
    private static Object normalize(Object v) {
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        return v;
    }
}
