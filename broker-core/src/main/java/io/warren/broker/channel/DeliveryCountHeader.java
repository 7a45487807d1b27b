package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code x-delivery-count} header a quorum queue's deliveries carry, as RabbitMQ 3.10 adds it (a long): the
 * message's properties re-encoded with the header set, for one delivery. Only quorum queues pay for it.
 */
final class DeliveryCountHeader {
    static final String NAME = "x-delivery-count";

    private DeliveryCountHeader() {
    }

    /** {@code raw} (left as it is) with {@code x-delivery-count} set to {@code count}, in a new buffer. */
    static ByteBuf add(ByteBuf raw, int count, ByteBufAllocator alloc) {
        BasicProperties props = BasicPropertiesCodec.decode(raw.duplicate());
        Map<String, Object> headers = props.headers() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(props.headers().asMap());
        headers.put(NAME, (long) count);
        BasicProperties out = props.withHeaders(FieldTable.of(headers));
        ByteBuf buf = alloc.buffer(BasicPropertiesCodec.encodedLength(out));
        BasicPropertiesCodec.encode(out, buf);
        return buf;
    }
}
