package io.warren.broker.vhost;

import io.warren.broker.queue.Queue;
import io.warren.broker.queue.QueueArguments;
import io.warren.codec.AmqpException;

import java.util.List;
import java.util.Objects;

/**
 * RabbitMQ's equivalence rules for redeclaring a queue: the same durable, exclusive and auto-delete flags, and
 * the same value for each argument RabbitMQ compares for the queue's type, in the order RabbitMQ 3.10 compares
 * them (which decides the one a redeclare differing in several is refused for). Other arguments are not
 * compared, as in RabbitMQ.
 */
final class QueueEquivalence {
    private static final List<String> CLASSIC_ARGS = List.of("x-expires", "x-message-ttl",
            "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length", "x-max-length-bytes",
            "x-max-priority", "x-overflow", "x-queue-mode", "x-single-active-consumer", "x-queue-type");
    private static final List<String> QUORUM_ARGS = List.of("x-dead-letter-exchange", "x-dead-letter-routing-key",
            "x-expires", "x-max-length", "x-max-length-bytes", "x-max-in-memory-length", "x-max-in-memory-bytes",
            "x-overflow", "x-single-active-consumer", "x-queue-type", "x-delivery-limit", "x-message-ttl");
    private static final List<String> STREAM_ARGS = List.of("x-max-length-bytes", "x-queue-type", "x-max-age",
            "x-stream-max-segment-size-bytes");

    private QueueEquivalence() {
    }

    static void check(Queue q, QueueSpec spec, String vhost) {
        require(q, vhost, "durable", spec.durable(), q.durable());
        require(q, vhost, "auto_delete", spec.autoDelete(), q.autoDelete());
        String type = QueueArguments.queueType(q.arguments());
        List<String> compared = QueueArguments.QUORUM.equals(type) ? QUORUM_ARGS
                : "stream".equals(type) ? STREAM_ARGS : CLASSIC_ARGS;
        for (String arg : compared) {
            Object received = spec.arguments().get(arg);
            Object current = q.arguments().get(arg);
            // A queue declared without a type is classic, and "classic" may be left out on redeclare; leaving out
            // any other type is "received none" as RabbitMQ words it.
            if ("x-queue-type".equals(arg) && current == null) {
                current = "classic";
            }
            if ("x-queue-type".equals(arg) && received == null && "classic".equals(current)) {
                received = current;
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
