package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.frame.Frame;
import io.warren.codec.frame.HeartbeatFrame;
import io.warren.codec.frame.MethodFrame;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.FieldTable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.warren.codec.testing.Bytes.compact;
import static io.warren.codec.testing.Bytes.hex;
import static io.warren.codec.testing.Bytes.pooled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmqpFrameEncoderTest {
    private static final BasicProperties PROPS = BasicProperties.builder().contentType("application/octet-stream")
            .deliveryMode(2).headers(FieldTable.of(Map.of("x-trace", "t1"))).build();
    private static final BasicMethod.Deliver DELIVER = new BasicMethod.Deliver("ctag", 42L, true, "ex", "rk");

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static Command deliverCommand(byte[] body) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(body.length).writeBytes(body);
        return new Command(1, DELIVER, ContentHeaderFrame.of(1, 60, body.length, PROPS,
                PooledByteBufAllocator.DEFAULT), buf);
    }

    /** Encodes {@code msg} and returns the single outbound buffer. */
    private static ByteBuf encode(int frameMax, Object msg) {
        var ch = new EmbeddedChannel(new AmqpFrameEncoder(frameMax));
        assertTrue(ch.writeOutbound(msg));
        ByteBuf out = ch.readOutbound();
        assertNull(ch.readOutbound(), "one buffer per message");
        assertFalse(ch.finish());
        return out;
    }

    /** Decodes {@code wire} (ownership transferred) into frames. */
    private static List<Frame> decode(int frameMax, ByteBuf wire) {
        var ch = new EmbeddedChannel(new AmqpFrameDecoder(frameMax));
        ch.writeInbound(wire);
        List<Frame> frames = new ArrayList<>();
        for (Frame f; (f = ch.readInbound()) != null; ) {
            frames.add(f);
        }
        assertFalse(ch.finish());
        return frames;
    }

    /** Runs frames through a ContentAssembler; expects exactly one command, from the last frame. */
    private static Command assemble(List<Frame> frames) {
        var assembler = new ContentAssembler(Long.MAX_VALUE);
        Command result = null;
        for (Frame f : frames) {
            assertNull(result, "the command completes on the last frame");
            if (f instanceof MethodFrame m) {
                result = assembler.onMethod(m.channel(), m.method());
            } else if (f instanceof ContentHeaderFrame h) {
                result = assembler.onHeader(h);
            } else if (f instanceof ContentBodyFrame b) {
                result = assembler.onBody(b);
            }
        }
        assertNotNull(result);
        return result;
    }

    @Test
    void commandWithBodyLargerThanFrameMaxIsSplitAndDecodesBack() {
        byte[] body = randomBytes(10_000);
        Command cmd = deliverCommand(body);
        ByteBuf original = cmd.body();
        ByteBuf wire = encode(4096, cmd);
        assertEquals(0, cmd.refCnt(), "the encoder released the command");
        assertTrue(original.refCnt() > 0, "the body lives on in the output, by reference");
        assertTrue(wire instanceof CompositeByteBuf, "large bodies are not copied");

        List<Frame> frames = decode(4096, wire);
        List<Integer> bodySizes = frames.stream().filter(f -> f instanceof ContentBodyFrame)
                .map(f -> ((ContentBodyFrame) f).content().readableBytes()).toList();
        assertEquals(List.of(4088, 4088, 1824), bodySizes, "frames of at most frameMax - 8 bytes");

        Command back = assemble(frames);
        assertEquals(DELIVER, back.method());
        assertEquals(1, back.channel());
        assertEquals(PROPS, back.header().properties());
        assertEquals(body.length, back.header().bodySize());
        assertArrayEquals(body, ByteBufUtil.getBytes(back.body()));
        assertTrue(back.release());
        assertEquals(0, original.refCnt(), "releasing the decoded frames frees the original body");
    }

    @Test
    void smallCommandIsOneContiguousBuffer() {
        byte[] body = randomBytes(100);
        ByteBuf wire = encode(131_072, deliverCommand(body));
        assertFalse(wire instanceof CompositeByteBuf, "method, header and body copied into one buffer");
        Command back = assemble(decode(131_072, wire));
        assertEquals(DELIVER, back.method());
        assertArrayEquals(body, ByteBufUtil.getBytes(back.body()));
        assertTrue(back.release());
    }

    @Test
    void frameMaxZeroSendsTheBodyInOneFrame() {
        byte[] body = randomBytes(200_000);
        List<Frame> frames = decode(0, encode(0, deliverCommand(body)));
        assertEquals(3, frames.size(), "method, header, one body frame");
        Command back = assemble(frames);
        assertArrayEquals(body, ByteBufUtil.getBytes(back.body()));
        assertTrue(back.release());
    }

    @Test
    void emptyBodyHasNoBodyFrameAndCommandWithoutContentIsOneMethodFrame() {
        List<Frame> frames = decode(4096, encode(4096, deliverCommand(new byte[0])));
        assertEquals(2, frames.size());
        Command back = assemble(frames);
        assertEquals(0, back.body().readableBytes());
        assertTrue(back.release());

        ByteBuf ack = encode(4096, Command.of(2, new BasicMethod.Ack(7, false)));
        assertEquals(compact("01 0002 0000000d 003c 0050 0000000000000007 00 ce"), hex(ack));
        assertTrue(ack.release());
    }

    @Test
    void goldenHeartbeatFrame() {
        ByteBuf hb = encode(4096, HeartbeatFrame.INSTANCE);
        assertEquals(compact("08 0000 00000000 ce"), hex(hb));
        hb.release();                                        // a constant: releasing is a no-op
        ByteBuf again = encode(4096, HeartbeatFrame.INSTANCE);
        assertEquals(compact("08 0000 00000000 ce"), hex(again), "the constant is not consumed");
    }

    @Test
    void goldenChannelOpenOk() {
        ByteBuf out = encode(4096, new MethodFrame(1, new ChannelMethod.OpenOk("")));
        assertEquals(compact("01 0001 00000008 0014 000b 00000000 ce"), hex(out));
        assertTrue(out.release());
    }

    @Test
    void goldenContentHeaderFrame() {
        var h = ContentHeaderFrame.of(1, 60, 5, BasicProperties.builder().contentType("text/plain")
                .deliveryMode(2).build(), PooledByteBufAllocator.DEFAULT);
        ByteBuf out = encode(4096, h);
        assertEquals(0, h.refCnt(), "the encoder released the frame");
        assertEquals(compact("02 0001 0000001a 003c 0000 0000000000000005 9000 0a 746578742f706c61696e 02 ce"),
                hex(out));
        assertTrue(out.release());
    }

    @Test
    void bodyFramesSmallAreCopiedLargeAreReferenced() {
        var small = new ContentBodyFrame(3, pooled("616263"));
        ByteBuf out = encode(131_072, small);
        assertEquals(0, small.refCnt());
        assertEquals(compact("03 0003 00000003 616263 ce"), hex(out));
        assertTrue(out.release());

        byte[] bytes = randomBytes(5000);
        var large = new ContentBodyFrame(3, PooledByteBufAllocator.DEFAULT.buffer().writeBytes(bytes));
        ByteBuf content = large.content();
        ByteBuf wire = encode(131_072, large);
        assertTrue(wire instanceof CompositeByteBuf);
        assertEquals(1, content.refCnt(), "held by the output only");
        List<Frame> frames = decode(131_072, wire);
        ContentBodyFrame back = (ContentBodyFrame) frames.get(0);
        assertEquals(3, back.channel());
        assertArrayEquals(bytes, ByteBufUtil.getBytes(back.content()));
        assertTrue(back.release());
        assertEquals(0, content.refCnt());

        var empty = new ContentBodyFrame(3, pooled(""));
        ByteBuf emptyOut = encode(4096, empty);
        assertEquals(compact("03 0003 00000000 ce"), hex(emptyOut));
        assertTrue(emptyOut.release());
    }

    @Test
    void otherMessagesPassThroughUntouched() {
        var ch = new EmbeddedChannel(new AmqpFrameEncoder(4096));
        ByteBuf raw = pooled("0102");
        assertTrue(ch.writeOutbound(raw));
        assertSame(raw, ch.readOutbound());
        assertTrue(raw.release());
        assertFalse(ch.finish());
    }
}
