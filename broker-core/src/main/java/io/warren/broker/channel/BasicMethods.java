package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.warren.broker.MessageCounters;
import io.warren.broker.message.Message;
import io.warren.broker.queue.Consumer;
import io.warren.broker.queue.Credit;
import io.warren.broker.queue.Queue;
import io.warren.broker.queue.QueueArguments;
import io.warren.broker.queue.QueueEntry;
import io.warren.codec.AmqpException;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.wire.Command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * basic.qos, consume, cancel, get, ack, reject, nack and recover, and writing deliveries: the consuming half of a
 * channel. Owns the channel's consumers and unacknowledged deliveries.
 *
 * <p>Confinement: the channel's event loop. Acks are gathered per queue during a socket read and handed to each
 * queue once at the end of it ({@link #handOverAcks}).
 */
final class BasicMethods {
    private static final int CONTENT_CLASS = 60;

    private final AmqpChannel channel;
    private final Map<String, Consumer> consumers = new HashMap<>();
    private final UnackedMap unacked = new UnackedMap();
    private final Map<Queue, List<QueueEntry>> pendingAcks = new IdentityHashMap<>();
    /** basic.qos global=true: shared by every consumer of the channel, applies at once. */
    private final Credit channelCredit = new Credit(0);
    /** basic.qos global=false: the prefetch given to consumers created from now on. */
    private int consumerPrefetch;
    private long lastDeliveryTag;
    private String replyConsumerTag;
    private String replyId;

    BasicMethods(AmqpChannel channel) {
        this.channel = channel;
    }

    int consumerCount() {
        return consumers.size() + (replyConsumerTag == null ? 0 : 1);
    }

    int unackedCount() {
        return unacked.size();
    }

    int prefetchCount() {
        return consumerPrefetch;
    }

    long lastDeliveryTag() {
        return lastDeliveryTag;
    }

    long oldestUnackedTag() {
        return unacked.oldestTag();
    }

    Iterable<Consumer> consumers() {
        return consumers.values();
    }

    /** The id direct reply-to messages for this channel carry, or null without a reply consumer. */
    String replyId() {
        return replyId;
    }

    // ---- qos, consume, cancel ----

    void qos(BasicMethod.Qos m) {
        if (m.prefetchSize() != 0) {
            throw AmqpException.notImplemented("prefetch_size!=0 (%d)", Integer.toUnsignedLong(m.prefetchSize()));
        }
        if (m.global()) {
            if (channelCredit.setLimit(m.prefetchCount())) {
                kickQueues();
            }
        } else {
            consumerPrefetch = m.prefetchCount();
        }
        channel.send(new BasicMethod.QosOk());
    }

    void consume(BasicMethod.Consume m) {
        if (QueueMethods.REPLY_TO.equals(m.queue())) {
            consumeReplies(m);
            return;
        }
        Queue q = channel.connection().vhost().requireQueue(channel.queues().resolve(m.queue()),
                channel.connection());
        if (channelCredit.limit() > 0 && QueueArguments.QUORUM.equals(QueueArguments.queueType(q.arguments()))) {
            // RabbitMQ 3.10's quorum queues have no channel-wide prefetch: a connection error there too
            throw AmqpException.notImplemented("%s does not support global qos", q);
        }
        String tag = m.consumerTag().isEmpty() ? QueueMethods.generateName("amq.ctag-") : m.consumerTag();
        checkTagFree(tag);
        Consumer c = new Consumer(tag, channel, m.noAck(), m.exclusive(), new Credit(consumerPrefetch),
                channelCredit, m.arguments().asMap(), q);
        consumers.put(tag, c);
        channel.await(q.addConsumer(c), m, new AmqpChannel.Reply<>() {
            @Override
            public void ok(Void value) {
                if (!m.nowait()) {
                    channel.send(new BasicMethod.ConsumeOk(tag));
                }
            }

            @Override
            public void failed() {
                consumers.remove(tag);
            }

            @Override
            public void abandoned(Void value) {
                q.removeConsumer(c);
            }
        });
    }

    private void checkTagFree(String tag) {
        if (consumers.containsKey(tag) || tag.equals(replyConsumerTag)) {
            throw AmqpException.notAllowed("attempt to reuse consumer tag '%s'", tag);
        }
    }

    /** Direct reply-to: a no-ack pseudo-consumer that receives replies addressed to this channel. */
    private void consumeReplies(BasicMethod.Consume m) {
        if (!m.noAck()) {
            throw AmqpException.preconditionFailed("reply consumer cannot acknowledge");
        }
        if (replyConsumerTag != null) {
            throw AmqpException.preconditionFailed("reply consumer already set");
        }
        String tag = m.consumerTag().isEmpty() ? QueueMethods.generateName("amq.ctag-") : m.consumerTag();
        checkTagFree(tag);
        replyConsumerTag = tag;
        replyId = channel.connection().id() + "." + channel.number() + "." + QueueMethods.generateName("");
        channel.connection().broker().connections().registerReplyChannel(replyId, channel);
        if (!m.nowait()) {
            channel.send(new BasicMethod.ConsumeOk(tag));
        }
    }

    void cancel(BasicMethod.Cancel m) {
        String tag = m.consumerTag();
        if (tag.equals(replyConsumerTag)) {
            dropReplyConsumer();
        } else {
            Consumer c = consumers.remove(tag);
            if (c != null) {
                c.queue().removeConsumer(c);
            }
        }
        if (!m.nowait()) {
            channel.send(new BasicMethod.CancelOk(tag));
        }
    }

    private void dropReplyConsumer() {
        if (replyId != null) {
            channel.connection().broker().connections().unregisterReplyChannel(replyId);
        }
        replyConsumerTag = null;
        replyId = null;
    }

    /** The queue went away: forget the consumer and tell clients that understand consumer cancel notify. */
    void cancelledByQueue(Consumer c) {
        if (consumers.get(c.tag()) != c) {
            return;
        }
        consumers.remove(c.tag());
        if (channel.connection().consumerCancelNotify()) {
            channel.send(new BasicMethod.Cancel(c.tag(), true));
            channel.connection().flush();
        }
    }

    // ---- get ----

    void get(BasicMethod.Get m) {
        Queue q = channel.connection().vhost().requireQueue(channel.queues().resolve(m.queue()),
                channel.connection());
        channel.await(q.get(m.noAck()), m, new AmqpChannel.Reply<>() {
            @Override
            public void ok(Queue.GetResult r) {
                QueueEntry e = r.entry();
                if (e == null) {
                    count(c -> c.getEmpty, 1);
                    channel.send(new BasicMethod.GetEmpty(""));
                    return;
                }
                count(c -> c.deliveredGet, 1);
                channel.stats().got++;
                if (e.redelivered()) {
                    count(c -> c.redelivered, 1);
                    channel.stats().redelivered++;
                }
                long tag = ++lastDeliveryTag;
                Message msg = e.message();
                // RabbitMQ 3.10 shows a quorum queue's delivery count on every basic.get, 0 included
                writeContent(new BasicMethod.GetOk(tag, e.redelivered(), msg.exchange(), msg.routingKey(),
                        r.messageCount()), msg, e.deliveryCount());
                if (m.noAck()) {
                    msg.release();
                } else {
                    unacked.put(tag, e);
                }
            }

            @Override
            public void abandoned(Queue.GetResult r) {
                if (r.entry() != null) {
                    if (m.noAck()) {
                        r.entry().message().release();
                    } else {
                        q.requeue(List.of(r.entry()));
                    }
                }
            }
        });
    }

    // ---- deliveries ----

    /** Writes deliveries posted by a queue; those for consumers gone meanwhile go back to the queue. */
    void deliver(List<QueueEntry> batch, boolean open) {
        List<QueueEntry> giveBack = null;
        Consumer last = null;
        boolean live = false;
        int transit = 0;
        int redelivered = 0;
        ByteBuf pending = null;  // encoded deliveries whose tags are being set
        for (int i = 0; i < batch.size(); i++) {
            QueueEntry e = batch.get(i);
            Consumer c = e.consumer();
            if (c != last) {
                releaseTransit(last, transit);
                last = c;
                transit = 0;
                live = open && consumers.get(c.tag()) == c;
            }
            transit++;
            if (!live) {
                if (giveBack == null) {
                    giveBack = new ArrayList<>();
                }
                giveBack.add(e);
                continue;
            }
            long tag = ++lastDeliveryTag;
            ByteBuf frames = e.frames();
            if (frames != null) {
                // Encoded by the queue; the entries sharing a buffer come one after the other, its owner first.
                frames.setLong(e.tagIndex(), tag);
                ByteBuf owned = e.takeFrames();
                if (owned != null) {
                    writeFrames(pending);
                    pending = owned;
                }
            } else {
                writeFrames(pending);
                pending = null;
                Message msg = e.message();
                // ... and on a delivery once the message came back at least once
                int count = e.deliveryCount();
                writeContent(new BasicMethod.Deliver(c.tag(), tag, e.redelivered(), msg.exchange(),
                        msg.routingKey()), msg, count > 0 ? count : -1);
            }
            if (e.redelivered()) {
                redelivered++;
            }
            if (c.noAck()) {
                e.releaseContent();
            } else {
                unacked.put(tag, e);
            }
        }
        writeFrames(pending);
        releaseTransit(last, transit);
        int delivered = batch.size() - (giveBack == null ? 0 : giveBack.size());
        count(k -> k.delivered, delivered);
        channel.stats().delivered += delivered;
        if (redelivered > 0) {
            count(k -> k.redelivered, redelivered);
            channel.stats().redelivered += redelivered;
        }
        if (giveBack != null) {
            giveBack.get(0).queue().requeue(giveBack);
        }
        channel.connection().flush();
    }

    private void writeFrames(ByteBuf frames) {
        if (frames != null) {
            channel.connection().write(frames);
        }
    }

    private static void releaseTransit(Consumer c, int n) {
        if (c != null && c.transit().release(n)) {
            c.queue().kick();
        }
    }

    /** A direct reply-to message addressed to this channel. Takes ownership of one reference. */
    void deliverReply(Message msg) {
        if (replyConsumerTag == null) {
            msg.release();
            return;
        }
        long tag = ++lastDeliveryTag;
        writeContent(new BasicMethod.Deliver(replyConsumerTag, tag, false, msg.exchange(), msg.routingKey()), msg,
                -1);
        msg.release();
        channel.connection().flush();
    }

    /** Writes a delivery or get-ok with its content; {@code deliveryCount} >= 0 adds {@code x-delivery-count}. */
    private void writeContent(BasicMethod method, Message msg, int deliveryCount) {
        int ch = channel.number();
        ByteBuf properties = deliveryCount < 0 ? msg.properties().retainedDuplicate()
                : DeliveryCountHeader.add(msg.properties(), deliveryCount, channel.connection().nettyChannel().alloc());
        ContentHeaderFrame header = new ContentHeaderFrame(ch, CONTENT_CLASS, msg.bodySize(), properties);
        channel.sendContent(new Command(ch, method, header, msg.body().retainedDuplicate()));
    }

    // ---- acks ----

    // 0-9-1 §1.8.3.13: an unknown delivery tag MUST be a channel exception. Keep the lower-case text: client
    // libraries match on "unknown delivery tag".
    private List<QueueEntry> take(long tag, boolean multiple, List<Long> tags) {
        List<QueueEntry> out = new ArrayList<>();
        if (multiple && tag == 0) {
            unacked.removeAll(tags, out);
        } else if (!unacked.contains(tag)) {
            throw AmqpException.preconditionFailed("unknown delivery tag %d", tag);
        } else if (multiple) {
            unacked.removeUpTo(tag, tags, out);
        } else {
            if (tags != null) {
                tags.add(tag);
            }
            out.add(unacked.remove(tag));
        }
        return out;
    }

    void ack(long tag, boolean multiple) {
        if (channel.publisher().transactional()) {
            List<Long> tags = new ArrayList<>();
            channel.publisher().tx().addAcks(tags, take(tag, multiple, tags), false);
            return;
        }
        List<QueueEntry> entries = take(tag, multiple, null);
        count(c -> c.acknowledged, entries.size());
        channel.stats().acked += entries.size();
        settle(entries, false);
    }

    /** Management counters of the connection (the broker-wide ones are their sum). */
    private void count(java.util.function.Function<MessageCounters, MessageCounters.Counter> which, int n) {
        which.apply(channel.connection().counters()).add(n);
    }

    void reject(long tag, boolean multiple, boolean requeue) {
        List<Long> tags = channel.publisher().transactional() ? new ArrayList<>() : null;
        List<QueueEntry> entries = take(tag, multiple, tags);
        if (!requeue) {
            for (QueueEntry e : entries) {
                e.setRejected(true);  // dead-lettered by its queue if it has a dead-letter exchange
            }
        }
        if (tags != null) {
            channel.publisher().tx().addAcks(tags, entries, requeue);
            return;
        }
        settle(entries, requeue);
    }

    void recover(boolean requeue) {
        if (!requeue) {
            throw AmqpException.notImplemented("requeue=false");
        }
        List<QueueEntry> all = new ArrayList<>();
        unacked.removeAll(null, all);
        settle(all, true);
    }

    /** Acked deliveries leave their queues at the end of the read; requeued ones go back at once. */
    void settle(List<QueueEntry> entries, boolean requeue) {
        if (entries.isEmpty()) {
            return;
        }
        releaseCredit(entries);
        if (requeue) {
            handOverAcks(); // acks that came first are applied first
            groupByQueue(entries).forEach(Queue::requeue);
        } else {
            for (QueueEntry e : entries) {
                pendingAcks.computeIfAbsent(e.queue(), q -> new ArrayList<>()).add(e);
            }
            channel.markDirty();
        }
    }

    /** Puts back deliveries a rolled-back transaction had acknowledged. */
    void restoreUnacked(List<Long> tags, List<QueueEntry> entries) {
        for (QueueEntry e : entries) {
            e.setRejected(false);
        }
        unacked.restore(tags, entries);
    }

    void handOverAcks() {
        if (!pendingAcks.isEmpty()) {
            pendingAcks.forEach(Queue::ack);
            pendingAcks.clear();
        }
    }

    private void releaseCredit(List<QueueEntry> entries) {
        boolean channelWoke = false;
        for (QueueEntry e : entries) {
            Consumer c = e.consumer();
            if (c == null || c.noAck()) {
                continue; // basic.get: no credit was taken
            }
            if (c.prefetch().release(1)) {
                c.queue().kick();
            }
            channelWoke |= channelCredit.release(1);
        }
        if (channelWoke) {
            kickQueues();
        }
    }

    /** Credit or writability came back: every queue this channel consumes from may deliver again. */
    void kickQueues() {
        for (Consumer c : consumers.values()) {
            c.queue().kick();
        }
    }

    private static Map<Queue, List<QueueEntry>> groupByQueue(List<QueueEntry> entries) {
        Map<Queue, List<QueueEntry>> byQueue = new IdentityHashMap<>();
        for (QueueEntry e : entries) {
            byQueue.computeIfAbsent(e.queue(), q -> new ArrayList<>()).add(e);
        }
        return byQueue;
    }

    /** The channel is closing: consumers go, pending acks are applied, unacked deliveries are requeued. */
    void close() {
        handOverAcks(); // first: a stream consumer group commits what was acked before it hands over
        for (Consumer c : consumers.values()) {
            c.queue().removeConsumer(c);
        }
        consumers.clear();
        dropReplyConsumer();
        List<QueueEntry> all = new ArrayList<>();
        unacked.removeAll(null, all);
        if (!all.isEmpty()) {
            groupByQueue(all).forEach(Queue::requeue);
        }
    }
}
