package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;

/**
 * Writes the frames of one delivery into a buffer, for a queue that encodes deliveries itself (a stream, whose
 * records already hold exchange, routing key, properties and body in wire form). The channel package implements
 * it over the codec, so that queues encode deliveries without seeing the wire (STYLE.md C1). Stateless; safe
 * from any thread.
 */
public interface DeliveryWriter {
    /**
     * Appends a basic.deliver method frame with delivery tag 0 and redelivered false; returns the index in
     * {@code out} of the delivery tag (a 64-bit big-endian integer), which the channel sets.
     *
     * @param exchange   the exchange as a short string, length octet included (position to limit)
     * @param routingKey the routing key as a short string, length octet included (position to limit)
     */
    int writeDeliver(ByteBuf out, int channel, byte[] consumerTag, ByteBuffer exchange, ByteBuffer routingKey);

    /** Starts a content header frame for a body of that size; the caller appends the raw properties. */
    int beginHeader(ByteBuf out, int channel, long bodySize);

    /** Ends the frame {@link #beginHeader} began, given what it returned. */
    void endHeader(ByteBuf out, int begun);

    /** Appends {@code body} (position to limit) as one body frame; nothing when it is empty. */
    void writeBody(ByteBuf out, int channel, ByteBuffer body);
}
