package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.method.Method;

/**
 * Assembles the frames of one channel into {@link Command}s: a method, then for content-bearing methods a
 * content header and as many body frames as the header's body size needs (0-9-1 §4.2.6).
 *
 * <ul>
 * <li>EXPECT_METHOD: a method without content is a complete {@link Command} at once; one with content moves on
 *     to EXPECT_HEADER.</li>
 * <li>EXPECT_HEADER: a header with body size 0 completes the command; any other size moves on to EXPECT_BODY.</li>
 * <li>EXPECT_BODY: body frames accumulate; the frame that reaches the body size completes the command.</li>
 * </ul>
 *
 * <p>Errors, with RabbitMQ's texts ({@code rabbit_command_assembler}, {@code rabbit_channel}):
 * a frame of the wrong kind for the state is UNEXPECTED_FRAME; a header for another class than the method's is
 * UNEXPECTED_FRAME; a body frame larger than what remains is FRAME_ERROR; a body size over the configured maximum
 * is PRECONDITION_FAILED (a channel error, checked at header time so no body byte is buffered). Every error
 * resets the assembler first (releasing what it held and the frame it was given), so it is idle afterwards.
 *
 * <p>Confinement: one assembler per channel, used only on that connection's event loop. Not thread-safe.
 *
 * <p>Buffer ownership: {@link #onHeader} and {@link #onBody} take ownership of their frame, also when they
 * throw. A single body frame's slice becomes the body as is; several are gathered in a {@link CompositeByteBuf}
 * (no copy). The returned {@link Command} owns header and body. {@link #reset()} releases a partial command.
 */
public final class ContentAssembler {
    private enum State { EXPECT_METHOD, EXPECT_HEADER, EXPECT_BODY }

    private final long maxBodySize;
    private State state = State.EXPECT_METHOD;
    private int channel;
    private Method method;
    private ContentHeaderFrame header;
    private ByteBuf body;
    private boolean composed;                               // body is a composite we created
    private long remaining;

    /** @param maxBodySize the largest body accepted, in bytes (RabbitMQ's {@code max_message_size}) */
    public ContentAssembler(long maxBodySize) {
        if (maxBodySize < 0) {
            throw new IllegalArgumentException("maxBodySize: " + maxBodySize + " (expected: >= 0)");
        }
        this.maxBodySize = maxBodySize;
    }

    /**
     * Accepts a method frame's method.
     *
     * @return the complete command for a method without content; {@code null} when content must follow
     */
    public Command onMethod(int channel, Method m) {
        if (state != State.EXPECT_METHOD) {
            throw unexpected(state == State.EXPECT_HEADER ? expectedHeader() : EXPECTED_BODY);
        }
        if (!m.hasContent()) {
            return Command.of(channel, m);
        }
        this.channel = channel;
        this.method = m;
        state = State.EXPECT_HEADER;
        return null;
    }

    /**
     * Accepts a content header; takes ownership of {@code h}.
     *
     * @return the complete command when the body size is 0, otherwise {@code null}
     */
    public Command onHeader(ContentHeaderFrame h) {
        if (state != State.EXPECT_HEADER) {
            h.release();
            throw unexpected(state == State.EXPECT_METHOD ? EXPECTED_METHOD : EXPECTED_BODY);
        }
        if (h.classId() != method.classId()) {
            h.release();
            throw unexpected(String.format("expected content header for class %d, got one for class %d instead",
                    method.classId(), h.classId()));
        }
        if (h.bodySize() > maxBodySize) {
            h.release();
            // rabbit_channel's text; clients match on it. A soft error: the channel closes, not the connection.
            throw fail(ReplyCode.PRECONDITION_FAILED, String.format(
                    "message size %d is larger than configured max size %d", h.bodySize(), maxBodySize));
        }
        if (h.bodySize() == 0) {
            Command c = new Command(channel, method, h, Unpooled.EMPTY_BUFFER);
            clear();
            return c;
        }
        header = h;
        remaining = h.bodySize();
        state = State.EXPECT_BODY;
        return null;
    }

    /**
     * Accepts a body frame; takes ownership of {@code b}.
     *
     * @return the complete command once the body is complete, otherwise {@code null}
     */
    public Command onBody(ContentBodyFrame b) {
        if (state != State.EXPECT_BODY) {
            b.release();
            throw unexpected(state == State.EXPECT_METHOD ? EXPECTED_METHOD : expectedHeader());
        }
        ByteBuf piece = b.content();
        int n = piece.readableBytes();
        if (n > remaining) {
            b.release();
            throw fail(ReplyCode.FRAME_ERROR, "content body frame exceeds remaining content size");
        }
        if (n == 0) {
            b.release();
            return null;
        }
        if (body == null) {
            body = piece;                                   // the frame's reference is now ours
        } else {
            if (!composed) {
                // Unbounded component count: the default (16) would consolidate, which copies.
                CompositeByteBuf composite = body.alloc().compositeBuffer(Integer.MAX_VALUE);
                composite.addComponent(true, body);
                body = composite;
                composed = true;
            }
            ((CompositeByteBuf) body).addComponent(true, piece);   // ownership moves to the composite
        }
        remaining -= n;
        if (remaining > 0) {
            return null;
        }
        Command c = new Command(channel, method, header, body);
        clear();
        return c;
    }

    /** Releases a partially assembled command (called when the channel closes) and returns to EXPECT_METHOD. */
    public void reset() {
        if (header != null) {
            header.release();
        }
        if (body != null) {
            body.release();
        }
        clear();
    }

    /** True when no command is partially assembled. */
    public boolean isIdle() {
        return state == State.EXPECT_METHOD;
    }

    private void clear() {
        state = State.EXPECT_METHOD;
        method = null;
        header = null;
        body = null;
        composed = false;
        remaining = 0;
    }

    private static final String EXPECTED_METHOD = "expected method frame, got non method frame instead";
    private static final String EXPECTED_BODY = "expected content body, got non content body frame instead";

    private String expectedHeader() {
        return "expected content header for class " + method.classId()
                + ", got non content header frame instead";
    }

    private AmqpException unexpected(String text) {
        return fail(ReplyCode.UNEXPECTED_FRAME, text);
    }

    /** Builds the error naming the method being assembled (if any), after resetting. */
    private AmqpException fail(ReplyCode code, String text) {
        Method m = method;
        reset();
        return m == null ? new AmqpException(code, text) : new AmqpException(code, text, m.classId(), m.methodId());
    }
}
