package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamOffsetHeaderTest {
    static List<BasicProperties> properties() {
        return List.of(
                BasicProperties.EMPTY,
                BasicProperties.builder().contentType("text/plain").build(),
                BasicProperties.builder().contentType("application/json").contentEncoding("gzip").deliveryMode(2)
                        .priority(3).correlationId("c").replyTo("r").expiration("60000").messageId("m")
                        .timestamp(1234L).type("t").userId("guest").appId("a").clusterId("x").build(),
                BasicProperties.builder().headers(FieldTable.of(Map.of("a", "b", "n", 7))).build(),
                BasicProperties.builder().contentEncoding("utf-8")
                        .headers(FieldTable.of(Map.of("nested", Map.of("k", List.of(1, "two")))))
                        .deliveryMode(1).appId("app").build());
    }

    @ParameterizedTest
    @MethodSource("properties")
    void addsTheOffsetAndKeepsEveryOtherProperty(BasicProperties original) {
        ByteBuf out = Unpooled.buffer();
        assertTrue(StreamOffsetHeader.append(wire(original), 1L << 40 | 17, out));

        BasicProperties decoded = BasicPropertiesCodec.decode(out);
        Map<String, Object> expected = new LinkedHashMap<>(
                original.headers() == null ? Map.of() : original.headers().asMap());
        expected.put("x-stream-offset", 1L << 40 | 17);
        assertEquals(expected, decoded.headers().asMap());
        assertEquals(original.withHeaders(null), decoded.withHeaders(null));
        assertEquals(BasicPropertiesCodec.encodedLength(decoded), out.readableBytes(), "nothing after the properties");
    }

    @ParameterizedTest
    @MethodSource("properties")
    void declinesWhenTheKeyMayAlreadyBeThere(BasicProperties base) {
        Map<String, Object> headers = new LinkedHashMap<>(base.headers() == null ? Map.of() : base.headers().asMap());
        headers.put("x-stream-offset", 5L);
        ByteBuf out = Unpooled.buffer();
        assertFalse(StreamOffsetHeader.append(wire(base.withHeaders(FieldTable.of(headers))), 9, out));
        assertEquals(0, out.writerIndex(), "nothing written when declining");
    }

    private static ByteBuffer wire(BasicProperties p) {
        ByteBuf buf = Unpooled.buffer();
        BasicPropertiesCodec.encode(p, buf);
        return buf.nioBuffer();
    }
}
