package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.warren.broker.message.Message;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a message is laid out in a store record (the payload of a segment record, see docs/storage.md):
 * {@code [u8 exchange length][exchange][u8 routing key length][routing key][u32 properties length][raw
 * properties][body]}. Properties stay in their wire form, so a message read back is delivered byte for byte as
 * it was published. Stateless.
 */
final class MessageRecords {
    /** The header every stream delivery carries: the record's offset in the stream. */
    static final String STREAM_OFFSET = "x-stream-offset";

    private MessageRecords() {
    }

    /** The parts of the record for {@code m}: a small header buffer, then views of properties and body. */
    static ByteBuffer[] encode(Message m) {
        byte[] exchange = m.exchange().getBytes(StandardCharsets.UTF_8);
        byte[] routingKey = m.routingKey().getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(2 + exchange.length + routingKey.length + 4);
        header.put((byte) exchange.length).put(exchange).put((byte) routingKey.length).put(routingKey)
                .putInt(m.properties().readableBytes()).flip();
        ByteBuffer[] body = m.body().nioBuffers();
        ByteBuffer[] parts = new ByteBuffer[2 + body.length];
        parts[0] = header;
        parts[1] = m.properties().nioBuffer();
        System.arraycopy(body, 0, parts, 2, body.length);
        return parts;
    }

    /** Rebuilds a message from a record payload (copied into one pooled buffer that both parts slice). */
    static Message decode(ByteBuffer payload, boolean persistent, ByteBufAllocator alloc) {
        ByteBuffer in = payload.duplicate();
        String exchange = readShort(in);
        String routingKey = readShort(in);
        int propertiesLength = in.getInt();
        ByteBuf buf = alloc.buffer(in.remaining());
        try {
            buf.writeBytes(in);
            ByteBuf properties = buf.retainedSlice(0, propertiesLength);
            ByteBuf body = buf.retainedSlice(propertiesLength, buf.readableBytes() - propertiesLength);
            return new Message(exchange, routingKey, properties, body, persistent);
        } finally {
            buf.release();
        }
    }

    /**
     * Rebuilds a stream record for one delivery: the properties carry the header {@code x-stream-offset} (long),
     * added last to the headers table ({@link StreamOffsetHeader}) or, when the table already has one, replacing
     * it; routing data and body stay byte for byte as published. One pooled buffer that both parts slice.
     */
    static Message decodeForStream(ByteBuffer payload, long offset, boolean persistent, ByteBufAllocator alloc) {
        ByteBuffer in = payload.duplicate();
        String exchange = readShort(in);
        String routingKey = readShort(in);
        int propertiesLength = in.getInt();
        ByteBuffer rawProperties = in.slice().limit(propertiesLength);
        in.position(in.position() + propertiesLength);
        int bodyLength = in.remaining();
        ByteBuf buf = alloc.buffer(propertiesLength + 4 + StreamOffsetHeader.ENTRY_LENGTH + bodyLength);
        try {
            if (!StreamOffsetHeader.append(rawProperties, offset, buf)) {
                BasicProperties p = BasicPropertiesCodec.decode(Unpooled.wrappedBuffer(rawProperties));
                Map<String, Object> headers = new LinkedHashMap<>(p.headers() == null ? Map.of() : p.headers().asMap());
                headers.put(STREAM_OFFSET, offset);
                BasicPropertiesCodec.encode(p.withHeaders(FieldTable.of(headers)), buf);
            }
            int encodedProperties = buf.readableBytes();
            buf.writeBytes(in);
            ByteBuf properties = buf.retainedSlice(0, encodedProperties);
            ByteBuf body = buf.retainedSlice(encodedProperties, bodyLength);
            return new Message(exchange, routingKey, properties, body, persistent);
        } finally {
            buf.release();
        }
    }

    /**
     * At least the size of what {@link #encodeDelivery} appends for this record and a consumer tag of that length:
     * the record's bytes, the tag, the three frames' overheads (50 bytes, rounded up) and the offset header.
     */
    static int encodedSizeBound(ByteBuffer payload, int consumerTagLength) {
        return payload.remaining() + consumerTagLength + 64 + 4 + StreamOffsetHeader.ENTRY_LENGTH;
    }

    /**
     * Appends the delivery of a stream record to one consumer to {@code out}, as the frames its channel writes
     * ({@code encoding}): exchange, routing key and body copied from the record, the properties with the
     * {@code x-stream-offset} header appended ({@link StreamOffsetHeader}), delivery tag 0. Returns the index of
     * the delivery tag in {@code out}, or -1, with {@code out} as it was, when the body is larger than the
     * encoding allows or the properties need decoding (the caller then takes {@link #decodeForStream}); a damaged
     * record throws, also leaving {@code out} as it was.
     */
    static int encodeDelivery(ByteBuffer payload, long offset, DeliveryEncoding encoding, byte[] consumerTag,
                              ByteBuf out) {
        int start = payload.position();
        int routingKeyAt = start + 1 + (payload.get(start) & 0xFF);
        int propertiesLengthAt = routingKeyAt + 1 + (payload.get(routingKeyAt) & 0xFF);
        int propertiesAt = propertiesLengthAt + 4;
        int bodyAt = propertiesAt + payload.getInt(propertiesLengthAt);
        int bodyLength = payload.limit() - bodyAt;
        if (bodyLength > encoding.maxBody()) {
            return -1;
        }
        DeliveryWriter writer = encoding.writer();
        int channel = encoding.channel();
        int mark = out.writerIndex();
        try {
            int tagIndex = writer.writeDeliver(out, channel, consumerTag, payload.duplicate().limit(routingKeyAt),
                    payload.duplicate().position(routingKeyAt).limit(propertiesLengthAt));
            int header = writer.beginHeader(out, channel, bodyLength);
            if (!StreamOffsetHeader.append(payload.duplicate().position(propertiesAt).limit(bodyAt), offset, out)) {
                out.writerIndex(mark);
                return -1;
            }
            writer.endHeader(out, header);
            writer.writeBody(out, channel, payload.duplicate().position(bodyAt));
            return tagIndex;
        } catch (RuntimeException | Error e) { // a damaged record
            out.writerIndex(mark);
            throw e;
        }
    }

    private static String readShort(ByteBuffer in) {
        byte[] bytes = new byte[in.get() & 0xFF]; // the payload may be a read-only view: copy
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
