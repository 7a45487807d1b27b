package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.warren.codec.AmqpConstants;
import io.warren.codec.method.BasicMethod;

import java.nio.ByteBuffer;

/**
 * Writes a basic.deliver command (method frame, content header frame, one body frame) into one buffer from parts
 * that are already in wire form, without building a method or a frame object: exchange and routing key as short
 * strings (length octet first), properties raw. A stream keeps its records in that form, so its deliveries are
 * copies of record bytes framed by this class.
 *
 * <p>The delivery tag belongs to the channel, which assigns it when it writes the delivery: the method frame is
 * written with tag 0 and the channel sets the 8 bytes at {@link #deliveryTagIndex}.
 *
 * <p>The caller checks that the body fits one frame (frame_max - 8). Stateless.
 */
public final class DeliveryFrames {
    /** Frame header, class and method ids, consumer tag length, delivery tag, redelivered, frame end. */
    private static final int METHOD_FRAME_OVERHEAD = AmqpConstants.FRAME_HEADER_SIZE + 4 + 1 + 8 + 1 + 1;

    private DeliveryFrames() {
    }

    /** Where the delivery tag (a 64-bit big-endian integer) sits, from the start of a delivery written here. */
    public static int deliveryTagIndex(int consumerTagLength) {
        return AmqpConstants.FRAME_HEADER_SIZE + 4 + 1 + consumerTagLength;
    }

    /**
     * The size of a whole delivery: method, header and (for a non-empty body) body frame.
     *
     * @param exchangeAndRoutingKeyLength both as short strings, length octets included
     */
    public static int size(int consumerTagLength, int exchangeAndRoutingKeyLength, int propertiesLength,
                           int bodyLength) {
        return METHOD_FRAME_OVERHEAD + consumerTagLength + exchangeAndRoutingKeyLength
                + AmqpConstants.FRAME_OVERHEAD + 12 + propertiesLength
                + (bodyLength == 0 ? 0 : AmqpConstants.FRAME_OVERHEAD + bodyLength);
    }

    /**
     * Writes a basic.deliver method frame with delivery tag 0.
     *
     * @param consumerTag the consumer tag's bytes (at most 255)
     * @param exchange    the exchange as a short string, length octet included (position to limit)
     * @param routingKey  the routing key as a short string, length octet included (position to limit)
     */
    public static void writeMethodFrame(ByteBuf out, int channel, byte[] consumerTag, boolean redelivered,
                                       ByteBuffer exchange, ByteBuffer routingKey) {
        int sizeIndex = beginFrame(out, AmqpConstants.FRAME_METHOD, channel);
        out.writeShort(BasicMethod.CLASS_ID).writeShort(BasicMethod.Deliver.METHOD_ID);
        out.writeByte(consumerTag.length).writeBytes(consumerTag);
        out.writeLong(0).writeByte(redelivered ? 1 : 0);
        out.writeBytes(exchange).writeBytes(routingKey);
        endFrame(out, sizeIndex);
    }

    /**
     * Starts a content header frame of class basic for a body of {@code bodySize} bytes; the caller appends the
     * raw properties and then calls {@link #endFrame} with the returned index.
     */
    public static int beginHeaderFrame(ByteBuf out, int channel, long bodySize) {
        int sizeIndex = beginFrame(out, AmqpConstants.FRAME_HEADER, channel);
        out.writeShort(BasicMethod.CLASS_ID).writeShort(0).writeLong(bodySize);
        return sizeIndex;
    }

    /** Ends a frame begun at {@code sizeIndex}: sets its payload size and writes the frame end octet. */
    public static void endFrame(ByteBuf out, int sizeIndex) {
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
        out.writeByte(AmqpConstants.FRAME_END);
    }

    /** Writes one body frame holding {@code body} (position to limit); nothing when it is empty (§4.2.6.2). */
    public static void writeBodyFrame(ByteBuf out, int channel, ByteBuffer body) {
        if (body.hasRemaining()) {
            int sizeIndex = beginFrame(out, AmqpConstants.FRAME_BODY, channel);
            out.writeBytes(body);
            endFrame(out, sizeIndex);
        }
    }

    /** Writes type and channel and leaves the size to {@link #endFrame}; returns the size's index. */
    private static int beginFrame(ByteBuf out, int type, int channel) {
        return AmqpFrameEncoder.writeFrameHeader(out, type, channel, 0);
    }
}
