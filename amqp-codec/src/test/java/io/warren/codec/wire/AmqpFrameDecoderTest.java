package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.frame.HeartbeatFrame;
import io.warren.codec.frame.MethodFrame;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import org.junit.jupiter.api.Test;

import static io.warren.codec.testing.Bytes.heap;
import static io.warren.codec.testing.Bytes.pooled;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmqpFrameDecoderTest {
    /** channel.open on channel 1: class 20, method 10, out-of-band "". */
    private static final String CHANNEL_OPEN = "01 0001 00000005 0014 000a 00 CE";
    private static final String HEARTBEAT = "08 0000 00000000 CE";

    private static AmqpException decodeFails(EmbeddedChannel ch, ByteBuf in) {
        var e = assertThrows(DecoderException.class, () -> ch.writeInbound(in));
        AmqpException a = AmqpFrameDecoder.unwrap(e);
        assertNotNull(a, "cause is an AmqpException: " + e);
        return a;
    }

    @Test
    void bodyFrameIsAZeroCopySliceAndIsReleased() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(131_072));
        ByteBuf in = heap("03 0001 00000003 616263 CE");
        byte[] backing = in.array();
        assertTrue(ch.writeInbound(in));
        ContentBodyFrame f = ch.readInbound();
        assertEquals(1, f.channel());
        assertEquals("abc", f.content().toString(US_ASCII));
        assertSame(backing, f.content().array(), "the body shares the inbound buffer's memory");
        assertTrue(f.release(), "test was the last owner");
        assertEquals(0, in.refCnt(), "inbound buffer freed with the slice");
        assertFalse(ch.finish(), "no leftover frames");
    }

    @Test
    void methodFrameIsDecoded() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        assertTrue(ch.writeInbound(pooled(CHANNEL_OPEN)));
        MethodFrame f = ch.readInbound();
        assertEquals(new MethodFrame(1, new ChannelMethod.Open("")), f);
        assertFalse(ch.finish());
    }

    @Test
    void frameSplitAcrossReadsIsReassembled() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        String all = CHANNEL_OPEN.replace(" ", "");
        for (int i = 0; i < all.length(); i += 2) {                 // one byte per read
            ch.writeInbound(pooled(all.substring(i, i + 2)));
            if (i + 2 < all.length()) {
                assertNull(ch.readInbound(), "no frame before the last byte");
            }
        }
        assertEquals(new MethodFrame(1, new ChannelMethod.Open("")), ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void severalFramesInOneReadAllComeOut() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        assertTrue(ch.writeInbound(pooled(HEARTBEAT + CHANNEL_OPEN + "03 0002 00000001 7a CE")));
        assertSame(HeartbeatFrame.INSTANCE, ch.readInbound());
        assertTrue(ch.readInbound() instanceof MethodFrame);
        ContentBodyFrame body = ch.readInbound();
        assertEquals(2, body.channel());
        assertTrue(body.release());
        assertFalse(ch.finish());
    }

    @Test
    void headerFrameKeepsPropertiesRawUntilAsked() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        // class 60, weight 0, body size 5, flags 0x9000, content-type "text/plain", delivery-mode 2
        assertTrue(ch.writeInbound(pooled("02 0001 0000001a 003c 0000 0000000000000005 "
                + "9000 0a 746578742f706c61696e 02 CE")));
        ContentHeaderFrame h = ch.readInbound();
        assertEquals(60, h.classId());
        assertEquals(5, h.bodySize());
        assertEquals(14, h.rawProperties().readableBytes());
        assertEquals("text/plain", h.properties().contentType());
        assertSame(h.properties(), h.properties(), "decoded once");
        assertTrue(h.release());
        assertFalse(ch.finish());
    }

    @Test
    void malformedHeaderPropertiesFailAtDecodeAndRetainNothing() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        ByteBuf in = pooled("02 0001 0000000f 003c 0000 0000000000000005 8000 05 CE");
        var e = decodeFails(ch, in);
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
        assertEquals(0, in.refCnt(), "nothing retained from the failed frame");
        assertFalse(ch.finish());
    }

    @Test
    void headerWeightMustBeZero() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        var e = decodeFails(ch, pooled("02 0001 0000000e 003c 0001 0000000000000000 0000 CE"));
        assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
        assertEquals("content header weight must be 0, got 1", e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void oversizedFrameIsRejectedBeforeItsPayloadArrives() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        // Only the 7-byte header: a 4097-byte payload is more than frame_max. (Like RabbitMQ, the 8 bytes of frame
        // overhead beyond frame_max are tolerated.)
        var e = decodeFails(ch, pooled("03 0001 00001001"));
        assertEquals(ReplyCode.FRAME_ERROR, e.code());
        assertEquals("frame payload of 4097 bytes exceeds frame_max 4096", e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void frameOfExactlyFrameMaxIsAccepted() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        StringBuilder hex = new StringBuilder("03 0001 00000ff8 ");
        hex.append("61".repeat(4088)).append(" CE");
        assertTrue(ch.writeInbound(pooled(hex.toString())));
        ContentBodyFrame f = ch.readInbound();
        assertEquals(4088, f.content().readableBytes());
        assertTrue(f.release());
        assertFalse(ch.finish());
    }

    @Test
    void frameMaxCanBeRaisedAfterTuneAndZeroMeansNoLimit() {
        var decoder = new AmqpFrameDecoder(4096);
        var ch = new EmbeddedChannel(decoder);
        decoder.setFrameMax(0);
        assertTrue(ch.writeInbound(pooled("03 0001 00001000 " + "00".repeat(4096) + " CE")));
        ContentBodyFrame f = ch.readInbound();
        assertTrue(f.release());
        assertThrows(IllegalArgumentException.class, () -> decoder.setFrameMax(8));
        assertFalse(ch.finish());
    }

    @Test
    void badFrameEndIsAFrameError() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        ByteBuf in = pooled("03 0001 00000003 616263 CD");
        var e = decodeFails(ch, in);
        assertEquals(ReplyCode.FRAME_ERROR, e.code());
        assertEquals("bad frame end octet 0xcd (expected: 0xce) in frame of type 3", e.getMessage());
        assertEquals(0, in.refCnt(), "the body was not retained");
        assertFalse(ch.finish());
    }

    @Test
    void unknownFrameTypeIsAFrameErrorAtOnce() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        var e = decodeFails(ch, pooled("04 0001 00000003"));
        assertEquals(ReplyCode.FRAME_ERROR, e.code());
        assertEquals("unknown frame type 4", e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void heartbeatIsTheSingletonAndMustBeOnChannelZero() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        assertTrue(ch.writeInbound(pooled(HEARTBEAT)));
        assertSame(HeartbeatFrame.INSTANCE, ch.readInbound());
        var e = decodeFails(ch, pooled("08 0005 00000000 CE"));
        assertEquals(ReplyCode.UNEXPECTED_FRAME, e.code());
        assertEquals("heartbeat frame on channel 5 (expected: 0)", e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void heartbeatWithAPayloadIsAFrameError() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        var e = decodeFails(ch, pooled("08 0000 00000002 abcd CE"));
        assertEquals(ReplyCode.FRAME_ERROR, e.code());
        assertFalse(ch.finish());
    }

    @Test
    void malformedMethodIsAFrameErrorAsInRabbitMq() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        // channel.open with one byte too many in the payload
        var e = decodeFails(ch, pooled("01 0001 00000006 0014 000a 00 ff CE"));
        assertEquals(ReplyCode.FRAME_ERROR, e.code());
        assertFalse(ch.finish());
    }

    @Test
    void afterAnErrorAllInputIsDiscarded() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        decodeFails(ch, pooled("03 0001 00000003 616263 00 " + HEARTBEAT));
        ByteBuf later = pooled(HEARTBEAT + CHANNEL_OPEN);
        assertFalse(ch.writeInbound(later), "a valid frame after the error is not decoded");
        assertEquals(0, later.refCnt(), "and its buffer is released");
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void bodyFrameOnABasicPublishStreamKeepsTheMethodRecord() {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(4096));
        // basic.publish ticket 0, exchange "", routing key "q", mandatory
        assertTrue(ch.writeInbound(pooled("01 0001 0000000a 003c 0028 0000 00 01 71 01 CE")));
        MethodFrame f = ch.readInbound();
        assertEquals(new BasicMethod.Publish(0, "", "q", true, false), f.method());
        assertTrue(f.method().hasContent());
        assertFalse(ch.finish());
    }
}
