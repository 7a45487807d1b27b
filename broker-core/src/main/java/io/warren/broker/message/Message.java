package io.warren.broker.message;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * A published message: where it was published, its raw content-header properties and its body.
 *
 * <p>Properties stay in wire form (flags word + property list) and the body is the buffer the publisher's
 * frames arrived in, so a message is never copied between the socket it arrived on and the sockets it leaves
 * by. The few fields the broker needs are extracted once at publish time.
 *
 * <p>Reference counting: the publisher creates the message with one reference, every queue it is routed to
 * {@link #retain()}s it, and the publisher then releases its own. Whoever drops a queued copy (ack,
 * purge, delete, no-ack delivery written) releases it. The last release frees properties and body.
 * Immutable otherwise; safe to hand between threads through an executor.
 */
public final class Message extends AbstractReferenceCounted {
    private final String exchange;
    private final String routingKey;
    private final ByteBuf properties;
    private final ByteBuf body;
    private final boolean persistent;

    /**
     * @param properties raw properties; ownership is transferred to the message
     * @param body       the body; ownership is transferred to the message
     */
    public Message(String exchange, String routingKey, ByteBuf properties, ByteBuf body, boolean persistent) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.properties = properties;
        this.body = body;
        this.persistent = persistent;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }

    /** Raw properties (flags + list); not retained for the caller. */
    public ByteBuf properties() {
        return properties;
    }

    /** The body; not retained for the caller. */
    public ByteBuf body() {
        return body;
    }

    public long bodySize() {
        return body.readableBytes();
    }

    /** delivery-mode 2. */
    public boolean persistent() {
        return persistent;
    }

    @Override
    public Message retain() {
        super.retain();
        return this;
    }

    @Override
    public Message touch(Object hint) {
        properties.touch(hint);
        body.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        properties.release();
        body.release();
    }

    /** Releases without throwing when the message is already freed (used on cleanup paths). */
    public static void releaseQuietly(ReferenceCounted m) {
        if (m != null && m.refCnt() > 0) {
            m.release();
        }
    }
}
