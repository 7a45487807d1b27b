package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import io.warren.codec.method.Method;
import io.warren.codec.types.BasicProperties;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentAssemblerTest {
    private static final Method PUBLISH = new BasicMethod.Publish(0, "x", "rk", false, false);

    private static ContentHeaderFrame header(int classId, long bodySize) {
        return ContentHeaderFrame.of(1, classId, bodySize, BasicProperties.EMPTY.withDeliveryMode(2),
                PooledByteBufAllocator.DEFAULT);
    }

    private static ContentBodyFrame body(String ascii) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(ascii.length());
        b.writeCharSequence(ascii, US_ASCII);
        return new ContentBodyFrame(1, b);
    }

    private static AmqpException fails(ReplyCode code, org.junit.jupiter.api.function.Executable step) {
        var e = assertThrows(AmqpException.class, step);
        assertEquals(code, e.code());
        return e;
    }

    @Test
    void methodWithoutContentCompletesAtOnce() {
        var a = new ContentAssembler(1000);
        Command c = a.onMethod(1, new ChannelMethod.Open(""));
        assertEquals(1, c.channel());
        assertNull(c.header());
        assertSame(Unpooled.EMPTY_BUFFER, c.body());
        assertTrue(a.isIdle());
        assertTrue(c.release());
    }

    @Test
    void singleFrameBodyIsTheFramesSliceAsIs() {
        var a = new ContentAssembler(1000);
        assertNull(a.onMethod(1, PUBLISH));
        assertFalse(a.isIdle());
        ContentHeaderFrame h = header(60, 3);
        assertNull(a.onHeader(h));
        ContentBodyFrame b = body("abc");
        ByteBuf content = b.content();
        Command c = a.onBody(b);
        assertTrue(a.isIdle());
        assertSame(PUBLISH, c.method());
        assertSame(h, c.header());
        assertSame(content, c.body(), "no composite, no copy for a single frame");
        assertEquals("abc", c.body().toString(US_ASCII));
        assertEquals(2, c.header().properties().deliveryMode());
        assertTrue(c.release());
        assertEquals(0, content.refCnt());
        assertEquals(0, h.refCnt());
    }

    @Test
    void multiFrameBodyIsACompositeOfTheFrames() {
        var a = new ContentAssembler(1000);
        a.onMethod(1, PUBLISH);
        a.onHeader(header(60, 9));
        ContentBodyFrame first = body("abc");
        ContentBodyFrame last = body("ghi");
        assertNull(a.onBody(first));
        assertNull(a.onBody(body("def")));
        assertNull(a.onBody(body("")), "an empty body frame is allowed and ignored");
        Command c = a.onBody(last);
        CompositeByteBuf composite = (CompositeByteBuf) c.body();
        assertEquals(3, composite.numComponents(), "one component per frame, nothing consolidated");
        assertEquals("abcdefghi", composite.toString(US_ASCII));
        assertTrue(c.release());
        assertEquals(0, first.refCnt());
        assertEquals(0, last.refCnt());
    }

    @Test
    void zeroSizeBodyCompletesOnTheHeader() {
        var a = new ContentAssembler(1000);
        a.onMethod(1, PUBLISH);
        Command c = a.onHeader(header(60, 0));
        assertSame(Unpooled.EMPTY_BUFFER, c.body());
        assertTrue(a.isIdle());
        assertTrue(c.release());
    }

    @Test
    void headerOrBodyWithoutAMethodIsUnexpected() {
        var a = new ContentAssembler(1000);
        ContentHeaderFrame h = header(60, 1);
        var e = fails(ReplyCode.UNEXPECTED_FRAME, () -> a.onHeader(h));
        assertEquals("expected method frame, got non method frame instead", e.getMessage());
        assertEquals(0, h.refCnt(), "the rejected frame is released");
        ContentBodyFrame b = body("x");
        fails(ReplyCode.UNEXPECTED_FRAME, () -> a.onBody(b));
        assertEquals(0, b.refCnt());
        assertTrue(a.isIdle());
    }

    @Test
    void methodOrBodyWhereAHeaderIsExpectedIsUnexpected() {
        var a = new ContentAssembler(1000);
        a.onMethod(1, PUBLISH);
        ContentBodyFrame b = body("x");
        var e = fails(ReplyCode.UNEXPECTED_FRAME, () -> a.onBody(b));
        assertEquals("expected content header for class 60, got non content header frame instead", e.getMessage());
        assertEquals(60, e.classId());
        assertEquals(40, e.methodId());
        assertEquals(0, b.refCnt());
        assertTrue(a.isIdle(), "reset after the error");

        a.onMethod(1, PUBLISH);
        var m = fails(ReplyCode.UNEXPECTED_FRAME, () -> a.onMethod(1, PUBLISH));
        assertEquals("expected content header for class 60, got non content header frame instead", m.getMessage());
    }

    @Test
    void methodOrHeaderWhereABodyIsExpectedIsUnexpectedAndReleasesThePartialBody() {
        var a = new ContentAssembler(1000);
        a.onMethod(1, PUBLISH);
        ContentHeaderFrame h = header(60, 6);
        a.onHeader(h);
        ContentBodyFrame part = body("abc");
        a.onBody(part);
        var e = fails(ReplyCode.UNEXPECTED_FRAME, () -> a.onMethod(1, new BasicMethod.Ack(1, false)));
        assertEquals("expected content body, got non content body frame instead", e.getMessage());
        assertEquals(0, h.refCnt());
        assertEquals(0, part.refCnt());

        a.onMethod(1, PUBLISH);
        a.onHeader(header(60, 6));
        ContentHeaderFrame second = header(60, 6);
        fails(ReplyCode.UNEXPECTED_FRAME, () -> a.onHeader(second));
        assertEquals(0, second.refCnt());
        assertTrue(a.isIdle());
    }

    @Test
    void bodyLargerThanTheMaximumIsPreconditionFailedWithRabbitMqsText() {
        var a = new ContentAssembler(10);
        a.onMethod(1, PUBLISH);
        ContentHeaderFrame h = header(60, 11);
        var e = fails(ReplyCode.PRECONDITION_FAILED, () -> a.onHeader(h));
        assertEquals("message size 11 is larger than configured max size 10", e.getMessage());
        assertFalse(e.code().isHardError(), "a channel error");
        assertEquals(60, e.classId());
        assertEquals(40, e.methodId());
        assertEquals(0, h.refCnt());
        assertTrue(a.isIdle());
    }

    @Test
    void headerForAnotherClassIsUnexpected() {
        var a = new ContentAssembler(1000);
        a.onMethod(1, PUBLISH);
        ContentHeaderFrame h = header(50, 1);
        var e = fails(ReplyCode.UNEXPECTED_FRAME, () -> a.onHeader(h));
        assertEquals("expected content header for class 60, got one for class 50 instead", e.getMessage());
        assertEquals(0, h.refCnt());
    }

    @Test
    void bodyFrameBeyondTheAnnouncedSizeIsAFrameError() {
        var a = new ContentAssembler(1000);
        a.onMethod(1, PUBLISH);
        ContentHeaderFrame h = header(60, 4);
        a.onHeader(h);
        ContentBodyFrame ok = body("ab");
        a.onBody(ok);
        ContentBodyFrame tooMuch = body("cde");
        var e = fails(ReplyCode.FRAME_ERROR, () -> a.onBody(tooMuch));
        assertEquals("content body frame exceeds remaining content size", e.getMessage());
        assertEquals(0, tooMuch.refCnt());
        assertEquals(0, ok.refCnt());
        assertEquals(0, h.refCnt());
    }

    @Test
    void resetReleasesAPartialCommand() {
        var a = new ContentAssembler(1000);
        a.onMethod(1, PUBLISH);
        ContentHeaderFrame h = header(60, 9);
        a.onHeader(h);
        ContentBodyFrame b1 = body("abc");
        ContentBodyFrame b2 = body("def");
        a.onBody(b1);
        a.onBody(b2);
        a.reset();
        assertTrue(a.isIdle());
        assertEquals(0, h.refCnt());
        assertEquals(0, b1.refCnt());
        assertEquals(0, b2.refCnt());
        a.reset();                                          // idempotent
        Command c = a.onMethod(1, new BasicMethod.Ack(5, true));
        assertTrue(c.release(), "usable again after reset");
    }
}
