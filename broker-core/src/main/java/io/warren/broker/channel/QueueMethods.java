package io.warren.broker.channel;

import io.warren.broker.queue.Queue;
import io.warren.broker.queue.QueueArguments;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.QueueSpec;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpException;
import io.warren.codec.method.QueueMethod;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * queue.declare, bind, unbind, purge and delete. Confinement: the channel's event loop.
 */
final class QueueMethods {
    /** The pseudo-queue of direct reply-to: it exists for every channel and holds nothing. */
    static final String REPLY_TO = "amq.rabbitmq.reply-to";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AmqpChannel channel;
    /** 0-9-1: an empty queue name in bind, purge, delete and consume means the last queue declared here. */
    private String lastDeclared;

    QueueMethods(AmqpChannel channel) {
        this.channel = channel;
    }

    private VirtualHost vhost() {
        return channel.connection().vhost();
    }

    /** The queue name, or the channel's last declared queue for an empty name. */
    String resolve(String name) {
        if (!name.isEmpty()) {
            return name;
        }
        if (lastDeclared == null) {
            throw AmqpException.notFound("no previously declared queue");
        }
        return lastDeclared;
    }

    void declare(QueueMethod.Declare m) {
        Queue q;
        String name = m.queue();
        if (name.equals(REPLY_TO) || name.startsWith(REPLY_TO + ".")) {
            declareReplyTo(m);
            return;
        }
        if (m.passive()) {
            q = vhost().requireQueue(resolve(name), channel.connection());
        } else {
            boolean serverNamed = name.isEmpty();
            if (serverNamed) {
                name = generateName("amq.gen-");
            }
            Map<String, Object> args = m.arguments().asMap();
            QueueArguments.validate(name, vhost().name(), args);
            q = vhost().declareQueue(new QueueSpec(name, m.durable(), m.exclusive(), m.autoDelete(), args),
                    channel.connection(), serverNamed, channel.executor());
        }
        lastDeclared = q.name();
        if (!m.nowait()) {
            // Counted by the queue after the publishes this channel made before (RabbitMQ asks the queue too).
            String queueName = q.name();
            channel.await(vhost().definitionsBarrier().thenCompose(v -> q.counts()), m,
                    c -> channel.send(new QueueMethod.DeclareOk(queueName, c.messages(), c.consumers())));
        }
    }

    /**
     * Direct reply-to pseudo-queues: {@code amq.rabbitmq.reply-to} always "exists" (0 messages, 1 consumer, as
     * RabbitMQ answers); a generated reply address exists while the requester's channel still consumes replies,
     * which is how a responder checks that the requester is still there.
     */
    private void declareReplyTo(QueueMethod.Declare m) {
        String name = m.queue();
        if (!name.equals(REPLY_TO)) {
            String id = name.substring(REPLY_TO.length() + 1);
            if (channel.connection().broker().connections().replyChannel(id) == null) {
                throw AmqpException.notFound("no queue '%s' in vhost '%s'", name, vhost().name());
            }
        }
        if (!m.nowait()) {
            channel.send(new QueueMethod.DeclareOk(name, 0, 1));
        }
    }

    void bind(QueueMethod.Bind m) {
        VirtualHost.checkNotDefault(m.exchange());
        String name = resolve(m.queue());
        Exchange x = vhost().requireExchange(m.exchange()); // RabbitMQ reports a missing source first
        Queue q = vhost().requireQueue(name, channel.connection());
        String key = m.routingKey().isEmpty() && m.queue().isEmpty() ? name : m.routingKey();
        vhost().bind(x, q, key, m.arguments().asMap());
        if (!m.nowait()) {
            channel.sendAfterDefinitions(new QueueMethod.BindOk(), m);
        }
    }

    void unbind(QueueMethod.Unbind m) {
        VirtualHost.checkNotDefault(m.exchange());
        // Idempotent, as RabbitMQ: unbinding what does not exist succeeds.
        Queue q = vhost().queue(resolve(m.queue()));
        Exchange x = vhost().exchange(m.exchange());
        if (q != null && x != null) {
            vhost().requireQueue(q.name(), channel.connection());
            vhost().unbind(x, q, m.routingKey(), m.arguments().asMap());
        }
        channel.sendAfterDefinitions(new QueueMethod.UnbindOk(), m);
    }

    void purge(QueueMethod.Purge m) {
        Queue q = vhost().requireQueue(resolve(m.queue()), channel.connection());
        channel.await(q.purge(), m, n -> {
            if (!m.nowait()) {
                channel.send(new QueueMethod.PurgeOk(n));
            }
        });
    }

    void delete(QueueMethod.Delete m) {
        Queue q = vhost().queue(resolve(m.queue()));
        if (q == null) {
            // Idempotent, as RabbitMQ: deleting a missing queue succeeds with a count of 0.
            if (!m.nowait()) {
                channel.send(new QueueMethod.DeleteOk(0));
            }
            return;
        }
        vhost().requireQueue(q.name(), channel.connection());
        channel.await(vhost().deleteQueue(q, m.ifUnused(), m.ifEmpty())
                .thenCompose(n -> vhost().definitionsBarrier().thenApply(v -> n)), m, n -> {
            if (!m.nowait()) {
                channel.send(new QueueMethod.DeleteOk(n));
            }
        });
    }

    static String generateName(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
