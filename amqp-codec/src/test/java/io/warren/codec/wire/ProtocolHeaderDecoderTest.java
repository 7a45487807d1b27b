package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.warren.codec.testing.Bytes.compact;
import static io.warren.codec.testing.Bytes.hex;
import static io.warren.codec.testing.Bytes.pooled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolHeaderDecoderTest {
    private static final String AMQP_0_9_1 = "414d5150 00000901";

    /** Records user events and inbound messages that pass the decoder, in order. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg);
        }
    }

    private static void assertRejected(EmbeddedChannel ch, Recorder rec) {
        ByteBuf reply = ch.readOutbound();
        assertEquals(compact(AMQP_0_9_1), hex(reply), "our header is written back");
        assertTrue(reply.release());
        assertFalse(ch.isOpen(), "then the connection is closed");
        assertTrue(rec.seen.isEmpty(), "nothing reaches the next handler");
        assertFalse(ch.finish());
    }

    @Test
    void goodHeaderFiresAcceptedAndRemovesTheDecoder() {
        var rec = new Recorder();
        var ch = new EmbeddedChannel(new ProtocolHeaderDecoder(), rec);
        ch.writeInbound(pooled(AMQP_0_9_1));
        assertEquals(List.of(ProtocolHeaderDecoder.ACCEPTED), rec.seen);
        assertNull(ch.pipeline().get(ProtocolHeaderDecoder.class), "decoder removed itself");
        assertTrue(ch.isOpen());
        assertNull(ch.readOutbound(), "nothing written");
        assertFalse(ch.finish());
    }

    @Test
    void headerSplitAcrossReadsAndBytesAfterItAreForwarded() {
        var rec = new Recorder();
        var ch = new EmbeddedChannel(new ProtocolHeaderDecoder(), rec);
        ch.writeInbound(pooled("414d51"));
        assertTrue(rec.seen.isEmpty(), "a valid prefix waits");
        assertTrue(ch.isOpen());
        ch.writeInbound(pooled("50 00000901 08000000000000ce"));
        assertEquals(2, rec.seen.size());
        assertEquals(ProtocolHeaderDecoder.ACCEPTED, rec.seen.get(0), "the event comes before the frames");
        ByteBuf rest = (ByteBuf) rec.seen.get(1);
        assertEquals("08000000000000ce", hex(rest));
        assertTrue(rest.release());
        assertFalse(ch.finish());
    }

    @Test
    void otherProtocolVersionGetsOurHeaderAndIsClosed() {
        var rec = new Recorder();
        var ch = new EmbeddedChannel(new ProtocolHeaderDecoder(), rec);
        ch.writeInbound(pooled("414d5150 00000900"));                // AMQP 0-9-0
        assertRejected(ch, rec);
    }

    @Test
    void amqp10HeaderIsRejected() {
        var rec = new Recorder();
        var ch = new EmbeddedChannel(new ProtocolHeaderDecoder(), rec);
        ch.writeInbound(pooled("414d5150 00010000"));
        assertRejected(ch, rec);
    }

    @Test
    void httpIsRejectedOnItsFirstByte() {
        var rec = new Recorder();
        var ch = new EmbeddedChannel(new ProtocolHeaderDecoder(), rec);
        ch.writeInbound(pooled("48"));                               // "H" of "HTTP/1.1"
        assertRejected(ch, rec);
    }

    @Test
    void wrongVersionWaitsForAllEightBytesBeforeAnswering() {
        var rec = new Recorder();
        var ch = new EmbeddedChannel(new ProtocolHeaderDecoder(), rec);
        ch.writeInbound(pooled("414d5150 0000"));
        assertTrue(ch.isOpen());
        assertNull(ch.readOutbound());
        ch.writeInbound(pooled("0800"));
        assertRejected(ch, rec);
    }
}
