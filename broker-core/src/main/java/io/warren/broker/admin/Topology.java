package io.warren.broker.admin;

import io.warren.broker.policy.EffectiveArguments;
import io.warren.broker.policy.Policy;
import io.warren.broker.queue.Queue;
import io.warren.broker.queue.QueueArguments;
import io.warren.broker.queue.StreamQueue;
import io.warren.broker.queue.StreamStats;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.ExchangeSpec;
import io.warren.broker.vhost.QueueSpec;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import io.warren.exchange.ExchangeType;
import io.warren.exchange.InvalidBindingException;

import java.util.Locale;
import java.util.Map;

/**
 * Declares exchanges, queues and bindings for {@link BrokerAdmin} with the same validation and equivalence
 * checks as exchange.declare, queue.declare and queue.bind, and turns entities into records. Stateless.
 */
final class Topology {
    private Topology() {
    }

    static boolean declareExchange(VirtualHost v, String name, String type, boolean durable, boolean autoDelete,
                                   boolean internal, Map<String, Object> arguments) {
        ExchangeType t = ExchangeType.fromName(type)
                .orElseThrow(() -> AdminException.badRequest("unknown exchange type '%s'", type));
        if (name.isEmpty()) {
            throw AdminException.badRequest("operation not permitted on the default exchange");
        }
        Object ae = arguments.get("alternate-exchange");
        if (ae != null && !(ae instanceof String)) {
            throw AdminException.badRequest("invalid arg 'alternate-exchange': %s (expected: a string)", ae);
        }
        boolean created = v.exchange(name) == null;
        try {
            v.declareExchange(new ExchangeSpec(name, t, durable, autoDelete, internal, arguments));
        } catch (AmqpException e) {
            throw translate(e);
        }
        MessageOps.await(v.definitionsBarrier()); // answer once a durable exchange is on disk, as declare-ok
        return created;
    }

    static boolean declareQueue(VirtualHost v, String name, boolean durable, boolean autoDelete,
                                Map<String, Object> arguments) {
        if (name.isEmpty()) {
            throw AdminException.badRequest("queue name must not be empty");
        }
        boolean created = v.queue(name) == null;
        try {
            QueueArguments.validate(name, v.name(), arguments);
            v.declareQueue(new QueueSpec(name, durable, false, autoDelete, arguments), null, false, null);
        } catch (AmqpException e) {
            throw translate(e);
        }
        MessageOps.await(v.definitionsBarrier());
        return created;
    }

    static void bind(VirtualHost v, Exchange source, Object destination, String key, Map<String, Object> args) {
        try {
            v.bind(source, destination, key, args);
        } catch (AmqpException e) {
            throw translate(e);
        } catch (InvalidBindingException e) {
            throw AdminException.badRequest("%s", e.getMessage());
        }
        MessageOps.await(v.definitionsBarrier());
    }

    static ExchangeInfo info(Exchange x) {
        return new ExchangeInfo(x.vhost(), x.name(), x.type().name().toLowerCase(Locale.ROOT), x.durable(),
                x.autoDelete(), x.internal(), PropertiesFormat.plainMap(x.arguments()), x.publishedIn(),
                x.publishedOut(), x.policy() == null ? null : x.policy().name());
    }

    /** @param policy the policy in force for {@code q}, or null; {@code operator} likewise */
    static QueueInfo info(Queue q, Policy policy, Policy operator) {
        var s = q.stats();
        return new QueueInfo(q.vhost(), q.name(), QueueArguments.queueType(q.arguments()), q.durable(),
                q.autoDelete(), q.exclusive(), PropertiesFormat.plainMap(q.arguments()), s.ready(), s.unacked(),
                s.consumers(), s.readyBytes(), s.published(), s.delivered(), s.redelivered(), s.acked(),
                q instanceof StreamQueue stream ? streamInfo(stream) : null, policy == null ? null : policy.name(),
                operator == null ? null : operator.name(), EffectiveArguments.definition(policy, operator),
                s.exclusiveConsumerTag(), s.singleActiveConsumerTag());
    }

    private static StreamInfo streamInfo(StreamQueue q) {
        StreamStats.Snapshot s = q.streamStats().snapshot();
        return new StreamInfo(s.firstOffset(), s.lastOffset(), s.sizeBytes(), s.segments(), s.groupOffsets());
    }

    /** Forgets a consumer group's committed offset on a stream (refused while the group has consumers). */
    static void resetConsumerGroup(Queue q, String group) {
        if (!(q instanceof StreamQueue stream)) {
            throw AdminException.badRequest("%s is not a stream", q);
        }
        if (!MessageOps.await(stream.resetGroup(group))) {
            throw AdminException.badRequest("consumer group '%s' of %s has consumers: cancel them first", group, q);
        }
    }

    /** An AMQP error as an {@link AdminException}: NOT_FOUND stays not found, the rest is a bad request. */
    static RuntimeException translate(Throwable t) {
        if (t instanceof AmqpException e) {
            return new AdminException(e.code() == ReplyCode.NOT_FOUND ? AdminException.Kind.NOT_FOUND
                    : AdminException.Kind.BAD_REQUEST, e.replyText());
        }
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(t);
    }
}
