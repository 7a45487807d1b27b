package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.warren.codec.testing.Bytes.compact;
import static io.warren.codec.testing.Bytes.heap;
import static io.warren.codec.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasicPropertiesCodecTest {
    private static final String TEXT_PLAIN_PERSISTENT = "9000 0a 746578742f706c61696e 02";

    private static String encode(BasicProperties p) {
        ByteBuf out = Unpooled.buffer();
        try {
            BasicPropertiesCodec.encode(p, out);
            assertEquals(BasicPropertiesCodec.encodedLength(p), out.readableBytes(), "encodedLength is exact");
            return hex(out);
        } finally {
            out.release();
        }
    }

    private static BasicProperties decode(String hex) {
        ByteBuf raw = heap(hex);
        try {
            BasicProperties p = BasicPropertiesCodec.decode(raw);
            BasicPropertiesCodec.validate(raw);
            assertEquals(0, raw.readerIndex(), "decode leaves the indices alone");
            return p;
        } finally {
            raw.release();
        }
    }

    private static AmqpException decodeFails(String hex) {
        ByteBuf raw = heap(hex);
        try {
            var e = assertThrows(AmqpException.class, () -> BasicPropertiesCodec.decode(raw));
            assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
            var v = assertThrows(AmqpException.class, () -> BasicPropertiesCodec.validate(raw));
            assertEquals(e.getMessage(), v.getMessage(), "validate and decode agree");
            return e;
        } finally {
            raw.release();
        }
    }

    private static BasicProperties all14() {
        return BasicProperties.builder()
                .contentType("application/json").contentEncoding("gzip")
                .headers(FieldTable.of(Map.of("x-retries", 3))).deliveryMode(2).priority(9)
                .correlationId("corr-1").replyTo("amq.rabbitmq.reply-to").expiration("60000")
                .messageId("m-42").timestamp(1_700_000_000L).type("order.created").userId("guest")
                .appId("shop").clusterId("c1")
                .build();
    }

    @Test
    void allFourteenPropertiesRoundTrip() {
        BasicProperties p = all14();
        String hex = encode(p);
        assertTrue(hex.startsWith("fffc"), "flags 15..2 set, bits 1 and 0 clear: " + hex.substring(0, 4));
        assertEquals(p, decode(hex));
    }

    @Test
    void noPropertiesIsAZeroFlagWord() {
        assertEquals("0000", encode(BasicProperties.EMPTY));
        assertEquals(BasicProperties.EMPTY, decode("0000"));
    }

    @Test
    void aFewPropertiesRoundTrip() {
        BasicProperties p = BasicProperties.builder()
                .headers(FieldTable.of(Map.of("k", "v"))).priority(0).timestamp(0L).build();
        String hex = encode(p);
        assertEquals(compact("2840  00000008 016b 53 00000001 76  00  0000000000000000"), hex);
        BasicProperties back = decode(hex);
        assertEquals(p, back);
        assertNull(back.contentType());
        assertNull(back.deliveryMode());
        assertEquals("v", back.headers().get("k"));
    }

    @Test
    void goldenBytesForContentTypeAndDeliveryMode() {
        BasicProperties p = BasicProperties.builder().contentType("text/plain").deliveryMode(2).build();
        assertEquals(compact(TEXT_PLAIN_PERSISTENT), encode(p));
        assertTrue(decode(TEXT_PLAIN_PERSISTENT).isPersistent());
    }

    @Test
    void emptyContinuationWordsAreAccepted() {
        BasicProperties expected = decode(TEXT_PLAIN_PERSISTENT);
        assertEquals(expected, decode("9001 0000 0a 746578742f706c61696e 02"));
        assertEquals(BasicProperties.EMPTY, decode("0001 0001 0000"));
        ByteBuf raw = heap("9001 0000 0a 746578742f706c61696e 02");
        try {
            assertEquals(2, BasicPropertiesCodec.peekDeliveryMode(raw), "peeks skip continuation words too");
        } finally {
            raw.release();
        }
    }

    @Test
    void flagsForPropertiesBasicDoesNotHaveAreRejected() {
        assertEquals("basic properties: flag word 2 sets properties beyond the 14 of class basic: 0x8000",
                decodeFails("8001 8000 00").getMessage());
        assertEquals("basic properties: flag bit 1 set, but class basic has only 14 properties",
                decodeFails("0002 00").getMessage());
        assertEquals("basic properties: continuation bit set but no further flag word",
                decodeFails("0001").getMessage());
    }

    @Test
    void malformedListsAreSyntaxErrors() {
        assertEquals("basic properties: 1 bytes, too short for the property flags", decodeFails("80").getMessage());
        assertEquals("basic properties: truncated property 1 (needs 6 bytes, 3 left)",
                decodeFails("8000 05 6162").getMessage());
        assertEquals("basic properties: 1 bytes after the last property", decodeFails("0000 00").getMessage());
        assertEquals("basic properties: truncated property 10 (needs 8 bytes, 2 left)",
                decodeFails("0040 0000").getMessage());
        // validate() looks inside the headers table.
        ByteBuf raw = heap("2000 00000003 01 6b 5a");
        try {
            var e = assertThrows(AmqpException.class, () -> BasicPropertiesCodec.validate(raw));
            assertEquals("field table: unknown field type 'Z' for key 'k'", e.getMessage());
        } finally {
            raw.release();
        }
    }

    @Test
    void peeksReadSingleFieldsWithoutDecoding() {
        BasicProperties p = BasicProperties.builder().contentType("t").contentEncoding("e")
                .headers(FieldTable.of(Map.of("a", 1))).deliveryMode(2).priority(5).expiration("1000").build();
        ByteBuf raw = Unpooled.buffer();
        ByteBuf none = heap("0000");
        try {
            BasicPropertiesCodec.encode(p, raw);
            assertEquals(2, BasicPropertiesCodec.peekDeliveryMode(raw));
            assertEquals(5, BasicPropertiesCodec.peekPriority(raw));
            assertEquals("1000", BasicPropertiesCodec.peekExpiration(raw));
            assertTrue(BasicPropertiesCodec.hasHeaders(raw));
            assertEquals(0, raw.readerIndex());

            assertEquals(0, BasicPropertiesCodec.peekDeliveryMode(none), "absent delivery mode reads as 0");
            assertEquals(-1, BasicPropertiesCodec.peekPriority(none));
            assertNull(BasicPropertiesCodec.peekExpiration(none));
            assertFalse(BasicPropertiesCodec.hasHeaders(none));
        } finally {
            raw.release();
            none.release();
        }
    }

    @Test
    void peekOnTruncatedListFailsInsteadOfReadingPastTheEnd() {
        ByteBuf raw = heap("9000 0a 7465");
        try {
            assertThrows(AmqpException.class, () -> BasicPropertiesCodec.peekDeliveryMode(raw));
        } finally {
            raw.release();
        }
    }

    @Test
    void recordChecksOctetsAndEncoderChecksShortStrings() {
        var mode = assertThrows(IllegalArgumentException.class, () -> BasicProperties.EMPTY.withDeliveryMode(256));
        assertEquals("deliveryMode: 256 (expected: 0..255)", mode.getMessage());
        var replyTo = BasicProperties.EMPTY.withReplyTo("q".repeat(256));
        ByteBuf out = Unpooled.buffer();
        try {
            var e = assertThrows(IllegalArgumentException.class, () -> BasicPropertiesCodec.encode(replyTo, out));
            assertEquals("replyTo: shortstr too long: 256 bytes (expected: <= 255)", e.getMessage());
        } finally {
            out.release();
        }
    }

    @Test
    void withMethodsCopyAndChangeOneProperty() {
        BasicProperties p = all14();
        FieldTable h = FieldTable.of(Map.of("x", 1));
        assertEquals(h, p.withHeaders(h).headers());
        assertEquals("other", p.withReplyTo("other").replyTo());
        assertEquals(1, p.withDeliveryMode(1).deliveryMode());
        assertEquals(p.withHeaders(h).withHeaders(p.headers()), p);
        assertEquals(p, p.toBuilder().build());
    }
}
