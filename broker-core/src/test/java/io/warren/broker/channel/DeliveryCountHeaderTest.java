package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveryCountHeaderTest {
    private static ByteBuf encode(BasicProperties p) {
        ByteBuf raw = Unpooled.buffer();
        BasicPropertiesCodec.encode(p, raw);
        return raw;
    }

    private static BasicProperties withCount(ByteBuf raw, int count) {
        ByteBuf out = DeliveryCountHeader.add(raw, count, UnpooledByteBufAllocator.DEFAULT);
        try {
            return BasicPropertiesCodec.decode(out);
        } finally {
            out.release();
        }
    }

    @Test
    void addsTheHeaderAsALongAndKeepsEverythingElse() {
        ByteBuf raw = encode(BasicProperties.builder().contentType("text/plain").priority(4)
                .headers(FieldTable.of(Map.of("app", "kept"))).build());
        byte[] before = ByteBufUtil.getBytes(raw);
        BasicProperties out = withCount(raw, 3);
        assertEquals("text/plain", out.contentType());
        assertEquals(4, out.priority());
        Map<String, Object> headers = out.headers().asMap();
        assertEquals(3L, headers.get("x-delivery-count"));
        assertEquals("kept", headers.get("app").toString());
        assertArrayEquals(before, ByteBufUtil.getBytes(raw), "the message's own properties are left as they are");
        raw.release();
    }

    @Test
    void createsTheHeadersTableWhenThereIsNoneAndReplacesAnEarlierCount() {
        ByteBuf bare = encode(BasicProperties.builder().build());
        assertEquals(Map.of("x-delivery-count", 0L), withCount(bare, 0).headers().asMap());
        bare.release();
        ByteBuf stale = encode(BasicProperties.builder()
                .headers(FieldTable.of(Map.of("x-delivery-count", 9L))).build());
        assertEquals(Map.of("x-delivery-count", 2L), withCount(stale, 2).headers().asMap());
        stale.release();
    }
}
