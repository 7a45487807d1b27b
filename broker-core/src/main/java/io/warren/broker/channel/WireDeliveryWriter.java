package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.warren.broker.queue.DeliveryWriter;
import io.warren.codec.wire.DeliveryFrames;

import java.nio.ByteBuffer;

/** The {@link DeliveryWriter} of AMQP channels: the codec's {@link DeliveryFrames}. */
public enum WireDeliveryWriter implements DeliveryWriter {
    INSTANCE;

    @Override
    public int writeDeliver(ByteBuf out, int channel, byte[] consumerTag, ByteBuffer exchange,
                            ByteBuffer routingKey) {
        return DeliveryFrames.writeMethodFrame(out, channel, consumerTag, false, exchange, routingKey);
    }

    @Override
    public int beginHeader(ByteBuf out, int channel, long bodySize) {
        return DeliveryFrames.beginHeaderFrame(out, channel, bodySize);
    }

    @Override
    public void endHeader(ByteBuf out, int begun) {
        DeliveryFrames.endFrame(out, begun);
    }

    @Override
    public void writeBody(ByteBuf out, int channel, ByteBuffer body) {
        DeliveryFrames.writeBodyFrame(out, channel, body);
    }
}
