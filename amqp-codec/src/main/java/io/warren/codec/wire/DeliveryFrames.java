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
 * written with tag 0 and the channel sets the 8 bytes at the index {@link #writeMethodFrame} returns.
 *
 * <p>The caller checks that the body fits one frame (frame_max - 8). Stateless.
 */
public final class DeliveryFrames {
    private DeliveryFrames() {
    }

    /**
     * Writes a basic.deliver method frame with delivery tag 0.
     *
     * @param consumerTag the consumer tag's bytes (at most 255)
     * @param exchange    the exchange as a short string, length octet included (position to limit)
     * @param routingKey  the routing key as a short string, length octet included (position to limit)
     * @return the index in {@code out} of the delivery tag (a 64-bit big-endian integer)
     */
    public static int writeMethodFrame(ByteBuf out, int channel, byte[] consumerTag, boolean redelivered,
                                       ByteBuffer exchange, ByteBuffer routingKey) {
        int sizeIndex = beginFrame(out, AmqpConstants.FRAME_METHOD, channel);
        out.writeShort(BasicMethod.CLASS_ID).writeShort(BasicMethod.Deliver.METHOD_ID);
        out.writeByte(consumerTag.length).writeBytes(consumerTag);
        int tagIndex = out.writerIndex();
        out.writeLong(0).writeByte(redelivered ? 1 : 0);
        out.writeBytes(exchange).writeBytes(routingKey);
        endFrame(out, sizeIndex);
        return tagIndex;
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
