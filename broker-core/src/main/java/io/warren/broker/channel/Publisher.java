package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.warren.broker.MessageCounters;
import io.warren.broker.message.Message;
import io.warren.broker.queue.Queue;
import io.warren.broker.queue.RejectedPublishes;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ConfirmMethod;
import io.warren.codec.method.TxMethod;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;
import io.warren.codec.wire.Command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * basic.publish: validate, route, hand the message to its queues; plus publisher confirms (confirm.select) and
 * transactions (tx.select, commit, rollback).
 *
 * <p>Hot path: the message keeps the publisher's buffers (no copy); properties are only decoded when a flag says
 * they hold something the broker must look at (headers, reply-to, user-id). Routing uses scratch collections
 * reused across publishes. Messages for a queue are gathered during one socket read and handed over in one task
 * per queue at its end ({@link #handOver}), so a burst of publishes costs one cross-thread hand-off per queue.
 * Confinement: the channel's event loop.
 */
final class Publisher {
    private static final String REPLY_TO_PREFIX = "amq.rabbitmq.reply-to.";
    // Property flag bits of the first flag word (0-9-1 §4.2.6.1): bit 15 is the first property.
    private static final int FLAG_HEADERS = 1 << 13;
    private static final int FLAG_REPLY_TO = 1 << 9;
    private static final int FLAG_USER_ID = 1 << 4;
    private static final int FLAG_EXPIRATION = 1 << 8;

    private final AmqpChannel channel;
    private final MessageCounters counters;
    private final ChannelStats stats;
    private final Set<Queue> routed = new HashSet<>();
    private final List<Exchange> visited = new ArrayList<>();
    private final List<Object> scratch = new ArrayList<>();
    private final MessageHeaders headerView = new MessageHeaders();
    private final Map<Queue, Batch> pending = new IdentityHashMap<>();
    private ConfirmTracker confirms;
    private TxBuffer tx;

    Publisher(AmqpChannel channel) {
        this.channel = channel;
        this.counters = channel.connection().counters();
        this.stats = channel.stats();
    }

    boolean confirmMode() {
        return confirms != null;
    }

    boolean transactional() {
        return tx != null;
    }

    TxBuffer tx() {
        return tx;
    }

    void publish(BasicMethod.Publish m, Command cmd) {
        if (m.immediate()) {
            throw AmqpException.notImplemented("immediate=true");
        }
        count(c -> c.received);
        stats.published++;
        VirtualHost vhost = channel.connection().vhost();
        Exchange x = vhost.requireExchange(m.exchange());
        if (x.internal()) {
            throw AmqpException.accessRefused("cannot publish to internal exchange '%s' in vhost '%s'",
                    m.exchange(), vhost.name());
        }
        ByteBuf raw = cmd.header().rawProperties(); // already validated when the header frame was decoded
        int flags = raw.readableBytes() >= 2 ? raw.getUnsignedShort(raw.readerIndex()) : 0;
        if ((flags & FLAG_EXPIRATION) != 0) {
            ExpirationProperty.check(BasicPropertiesCodec.peekExpiration(raw));
        }
        BasicProperties props = (flags & (FLAG_HEADERS | FLAG_REPLY_TO | FLAG_USER_ID)) != 0
                ? BasicPropertiesCodec.decode(raw) : null;
        List<String> extraKeys = List.of();
        ByteBuf keptProperties = null;
        if (props != null) {
            checkUserId(props);
            extraKeys = SenderSelected.keys(props.headers());
            BasicProperties rewritten = rewrite(props);
            if (rewritten != props) {
                keptProperties = channel.connection().nettyChannel().alloc().buffer();
                BasicPropertiesCodec.encode(rewritten, keptProperties);
                props = rewritten;
            }
        }
        if (keptProperties == null) {
            keptProperties = raw.retain();
        }
        boolean persistent = BasicPropertiesCodec.peekDeliveryMode(raw) == BasicProperties.PERSISTENT;
        Message msg = new Message(m.exchange(), m.routingKey(), keptProperties, cmd.body().retain(), persistent);
        if (tx != null) {
            tx.addPublish(new TxBuffer.Publish(m.exchange(), m.routingKey(), m.mandatory(), extraKeys, msg));
            return;
        }
        try {
            route(x, m.routingKey(), m.mandatory(), extraKeys, msg, props);
        } finally {
            msg.release();
        }
    }

    private void checkUserId(BasicProperties props) {
        String user = channel.connection().user();
        if (props.userId() != null && !props.userId().equals(user)) {
            throw AmqpException.preconditionFailed("user_id property set to '%s' but authenticated user was '%s'",
                    props.userId(), user);
        }
    }

    /** Direct reply-to address filled in, BCC removed; the same instance when nothing changes. */
    private BasicProperties rewrite(BasicProperties props) {
        BasicProperties out = props;
        if (QueueMethods.REPLY_TO.equals(props.replyTo())) {
            String id = channel.basic().replyId();
            if (id == null) {
                throw AmqpException.preconditionFailed("fast reply consumer does not exist");
            }
            out = out.withReplyTo(REPLY_TO_PREFIX + id);
        }
        if (props.headers() != null && props.headers().containsKey(SenderSelected.BCC)) {
            Map<String, Object> h = new LinkedHashMap<>(props.headers().asMap());
            h.remove(SenderSelected.BCC);
            out = out.withHeaders(FieldTable.of(h));
        }
        return out;
    }

    /** Routes one message and queues it for hand-over; settles its confirm; returns it if unroutable. */
    private void route(Exchange x, String routingKey, boolean mandatory, List<String> extraKeys, Message msg,
                       BasicProperties props) {
        long seq = confirms == null ? 0 : confirms.next();
        boolean delivered;
        if (x.isDefault() && routingKey.startsWith(REPLY_TO_PREFIX)) {
            deliverReply(routingKey.substring(REPLY_TO_PREFIX.length()), msg);
            // Documented RabbitMQ behaviour: a reply address is not a queue, so a mandatory reply is also
            // returned, even when it was delivered.
            delivered = false;
        } else {
            VirtualHost vhost = channel.connection().vhost();
            try {
                headerView.reset(msg.properties(), props);
                vhost.route(x, routingKey, extraKeys, headerView, routed, visited, scratch);
                x.countPublish(routed.size());
                delivered = !routed.isEmpty();
                PendingConfirm confirm = confirms != null && delivered ? new PendingConfirm(seq, routed.size()) : null;
                for (Queue q : routed) {
                    pending.computeIfAbsent(q, k -> new Batch()).add(msg.retain(), confirm);
                }
            } finally {
                routed.clear();
                visited.clear();
            }
        }
        count(delivered ? c -> c.routed : mandatory ? c -> c.unroutableReturned : c -> c.unroutableDropped);
        if (!delivered && mandatory) {
            // The return goes out before the confirm, as RabbitMQ orders them.
            channel.sendContent(returned(msg));
        }
        if (confirms != null && !delivered) {
            count(c -> c.confirmed);
            stats.confirmed++;
            confirms.settle(seq, true); // routed nowhere: confirmed at once, as RabbitMQ does
        }
        channel.markDirty();
    }

    /** Management counters: one uncontended add on the connection's and on the broker's (lambdas capture nothing). */
    private void count(java.util.function.Function<MessageCounters, MessageCounters.Counter> which) {
        which.apply(counters).increment();
    }

    private void deliverReply(String id, Message msg) {
        AmqpChannel target = channel.connection().broker().connections().replyChannel(id);
        if (target != null) {
            Message ref = msg.retain();
            target.executor().execute(() -> target.basic().deliverReply(ref));
        }
    }

    private Command returned(Message msg) {
        int ch = channel.number();
        var header = new io.warren.codec.frame.ContentHeaderFrame(ch, BasicMethod.CLASS_ID, msg.bodySize(),
                msg.properties().retainedDuplicate());
        return new Command(ch, new BasicMethod.Return(ReplyCode.NO_ROUTE.value(), "NO_ROUTE", msg.exchange(),
                msg.routingKey()), header, msg.body().retainedDuplicate());
    }

    /**
     * Hands the messages gathered during this read to their queues: one task per queue. Once a queue has the
     * batch, the publishes waiting for a confirm from it are settled back on this channel's loop; a publish
     * routed to several queues is confirmed when the last of them has it.
     */
    void handOver() {
        if (pending.isEmpty()) {
            return;
        }
        var connection = channel.connection();
        for (Map.Entry<Queue, Batch> e : pending.entrySet()) {
            Batch batch = e.getValue();
            long bytes = batch.bytes;
            List<PendingConfirm> waiting = batch.confirms;
            Queue q = e.getKey();
            connection.inflightAdd(bytes);
            q.enqueue(batch.messages, () -> connection.inflightDone(bytes), waiting == null ? null
                    : failure -> channel.executor().execute(() -> settle(waiting, failure)));
            if (q.underPressure()) {
                connection.waitForQueue(q);
            }
        }
        pending.clear();
    }

    /** A queue has the messages of one batch safe (or failed to store them): settle their confirms. */
    private void settle(List<PendingConfirm> accepted, Throwable failure) {
        if (!channel.isOpen()) {
            return; // the channel closed meanwhile; its number may already belong to a new channel
        }
        RejectedPublishes refused = failure instanceof RejectedPublishes r ? r : null;
        for (int i = 0; i < accepted.size(); i++) {
            PendingConfirm p = accepted.get(i);
            if (p == null) {
                continue; // published before confirm.select, in the same read
            }
            p.failed |= refused != null ? refused.rejected(i) : failure != null;
            if (--p.remaining == 0) {
                if (!p.failed) {
                    count(c -> c.confirmed);
                    stats.confirmed++;
                }
                confirms.settle(p.seq, !p.failed); // basic.nack when any queue could not store it
            }
        }
        flushConfirms();
        channel.connection().flush();
    }

    /** Messages for one queue gathered during a read, with the confirms that wait on them. */
    private static final class Batch {
        final List<Message> messages = new ArrayList<>();
        List<PendingConfirm> confirms;
        long bytes;

        /** {@code confirms}, once there is one, is indexed like {@code messages} (null where none waits). */
        void add(Message m, PendingConfirm confirm) {
            messages.add(m);
            bytes += m.bodySize();
            if (confirm != null && confirms == null) {
                confirms = new ArrayList<>();
                for (int i = 0; i < messages.size() - 1; i++) {
                    confirms.add(null);
                }
            }
            if (confirms != null) {
                confirms.add(confirm);
            }
        }
    }

    /** A confirm-mode publish waiting for the queues it was routed to. Channel loop only. */
    private static final class PendingConfirm {
        final long seq;
        int remaining;
        boolean failed;

        PendingConfirm(long seq, int queues) {
            this.seq = seq;
            this.remaining = queues;
        }
    }

    void flushConfirms() {
        if (confirms != null && confirms.hasUnreported()) {
            confirms.flush(channel::send);
        }
    }

    // ---- confirm.select and tx ----

    void confirmSelect(boolean nowait) {
        if (tx != null) {
            throw AmqpException.preconditionFailed("cannot switch from tx to confirm mode");
        }
        if (confirms == null) {
            confirms = new ConfirmTracker();
        }
        if (!nowait) {
            channel.send(new ConfirmMethod.SelectOk());
        }
    }

    void txSelect() {
        if (confirms != null) {
            throw AmqpException.preconditionFailed("cannot switch from confirm to tx mode");
        }
        if (tx == null) {
            tx = new TxBuffer();
        }
        channel.send(new TxMethod.SelectOk());
    }

    void txCommit() {
        requireTx();
        VirtualHost vhost = channel.connection().vhost();
        for (TxBuffer.Publish p : tx.takePublishes()) {
            try {
                Exchange x = vhost.exchange(p.exchange());
                if (x != null) {
                    route(x, p.routingKey(), p.mandatory(), p.extraKeys(), p.message(), null);
                } else if (p.mandatory()) {
                    channel.sendContent(returned(p.message()));
                }
            } finally {
                p.message().release();
            }
        }
        java.util.Set<Queue> touched = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        touched.addAll(pending.keySet());
        handOver();
        for (TxBuffer.Settle s : tx.takeSettles()) {
            channel.basic().settle(s.entries(), s.requeue());
        }
        channel.basic().handOverAcks();
        // commit-ok once every queue has the committed messages (and, for durable ones, has them on disk).
        java.util.concurrent.CompletableFuture<?>[] barriers = touched.stream().map(Queue::barrier)
                .toArray(java.util.concurrent.CompletableFuture<?>[]::new);
        channel.await(java.util.concurrent.CompletableFuture.allOf(barriers), new TxMethod.Commit(),
                v -> channel.send(new TxMethod.CommitOk()));
    }

    void txRollback() {
        requireTx();
        tx.releasePublishes();
        restoreTxAcks();
        channel.send(new TxMethod.RollbackOk());
    }

    private void restoreTxAcks() {
        for (TxBuffer.Settle s : tx.takeSettles()) {
            channel.basic().restoreUnacked(s.tags(), s.entries());
        }
    }

    private void requireTx() {
        if (tx == null) {
            throw AmqpException.preconditionFailed("channel is not transactional");
        }
    }

    /** The channel is closing: publishes already accepted still reach their queues; a transaction is undone. */
    void close() {
        handOver();
        if (tx != null) {
            tx.releasePublishes();
            restoreTxAcks();
        }
    }
}
