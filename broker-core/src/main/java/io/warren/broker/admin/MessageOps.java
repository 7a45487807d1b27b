package io.warren.broker.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.message.Message;
import io.warren.broker.queue.Queue;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.exchange.HeaderView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishing and fetching messages for management: the HTTP API's "publish message" and "get messages".
 * Publishing routes through {@link VirtualHost#route}, exactly as basic.publish does, and hands each queue its own
 * reference. Fetching uses the queue's basic.get and settles by the {@link AckMode}.
 *
 * <p>Blocking: {@link #get} waits for the queue's loop; call it from a management thread, never from an event
 * loop or a queue loop.
 */
final class MessageOps {
    private static final long TIMEOUT_SECONDS = 10;

    private final ConnectionRegistry counters;

    MessageOps(ConnectionRegistry counters) {
        this.counters = counters;
    }

    /** Publishes as a mandatory basic.publish would; returns whether at least one queue got the message. */
    boolean publish(VirtualHost vhost, Exchange x, String routingKey, Map<String, Object> properties, byte[] body) {
        if (x.internal()) {
            throw new AdminException(AdminException.Kind.ACCESS_REFUSED,
                    "cannot publish to internal exchange '" + x.name() + "' in vhost '" + vhost.name() + "'");
        }
        BasicProperties props = PropertiesFormat.fromMap(properties);
        ByteBuf rawProps = Unpooled.buffer(BasicPropertiesCodec.encodedLength(props));
        BasicPropertiesCodec.encode(props, rawProps);
        boolean persistent = props.deliveryMode() != null && props.deliveryMode() == BasicProperties.PERSISTENT;
        Message msg = new Message(x.name(), routingKey, rawProps, Unpooled.wrappedBuffer(body), persistent);
        counters.count(k -> k.received);
        Set<Queue> routed;
        try {
            HeaderView headers = props.headers() == null ? HeaderView.EMPTY : HeaderView.of(props.headers().asMap());
            routed = vhost.enqueueRouted(x, routingKey, headers, msg, q -> false);
        } finally {
            msg.release();
        }
        counters.count(routed.isEmpty() ? k -> k.unroutableReturned : k -> k.routed);
        return !routed.isEmpty();
    }

    /**
     * Fetches up to {@code count} messages one by one, holding each until the end so that a requeue mode does
     * not fetch the same message twice (RabbitMQ's order), then settles them all.
     *
     * @param truncate keep at most this many bytes of each payload; negative for all
     */
    List<GotMessage> get(Queue q, AckMode mode, int count, int truncate) {
        boolean noAck = mode == AckMode.ACK_REQUEUE_FALSE;
        List<GotMessage> out = new ArrayList<>();
        List<QueueEntry> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Queue.GetResult r = await(q.get(noAck));
                QueueEntry e = r.entry();
                if (e == null) {
                    counters.count(k -> k.getEmpty);
                    break;
                }
                if (noAck) {
                    try {
                        out.add(toGot(e, r.messageCount(), truncate));
                    } finally {
                        e.message().release();
                    }
                } else {
                    held.add(e);
                    out.add(toGot(e, r.messageCount(), truncate));
                }
                counters.count(k -> k.deliveredGet);
            }
        } finally {
            if (!held.isEmpty()) {
                if (mode.requeue()) {
                    q.requeue(held);
                } else {
                    q.ack(held);
                }
            }
        }
        return out;
    }

    private static GotMessage toGot(QueueEntry e, int messageCount, int truncate) {
        Message m = e.message();
        ByteBuf body = m.body();
        int size = body.readableBytes();
        int keep = truncate < 0 ? size : Math.min(size, truncate);
        byte[] payload = ByteBufUtil.getBytes(body, body.readerIndex(), keep);
        Map<String, Object> props = PropertiesFormat.toMap(BasicPropertiesCodec.decode(m.properties()));
        return new GotMessage(payload, size, e.redelivered(), m.exchange(), m.routingKey(), messageCount, props);
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw Topology.translate(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the queue did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
