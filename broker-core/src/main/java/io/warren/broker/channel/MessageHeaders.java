package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;
import io.warren.exchange.HeaderView;

import java.util.function.BiConsumer;

/**
 * The message headers as the headers exchange reads them, decoded from the raw properties only if a router
 * asks. Reused by one channel for one publish at a time. Confinement: the channel's event loop.
 */
final class MessageHeaders implements HeaderView {
    private ByteBuf rawProperties;
    private FieldTable headers;

    /** Points the view at a new message; {@code decoded} may be null (then decoding happens on demand). */
    MessageHeaders reset(ByteBuf raw, BasicProperties decoded) {
        this.rawProperties = raw;
        this.headers = decoded == null ? null : orEmpty(decoded.headers());
        return this;
    }

    private FieldTable table() {
        if (headers == null) {
            headers = BasicPropertiesCodec.hasHeaders(rawProperties)
                    ? orEmpty(BasicPropertiesCodec.decode(rawProperties).headers()) : FieldTable.EMPTY;
        }
        return headers;
    }

    private static FieldTable orEmpty(FieldTable t) {
        return t == null ? FieldTable.EMPTY : t;
    }

    @Override
    public Object get(String key) {
        return table().get(key);
    }

    @Override
    public boolean containsKey(String key) {
        return table().containsKey(key);
    }

    @Override
    public void forEach(BiConsumer<String, Object> action) {
        table().forEach(action);
    }
}
