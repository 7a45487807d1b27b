package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.method.Method;

import java.util.Objects;

/**
 * A complete AMQP command: a method and, for content-bearing methods, its content header and body. This is the
 * unit broker-core consumes ({@link ContentAssembler} builds it from inbound frames) and the unit the
 * {@link AmqpFrameEncoder} splits back into frames.
 *
 * <p>Buffer ownership: a command owns its header and body; its own reference count starts at 1 and reaching 0
 * releases both (once). Whoever handles the command last releases it; the encoder does so after writing. To keep
 * the body beyond the command, {@code retain()} it (or take a {@code retainedSlice}) before releasing the command.
 * Without content, {@link #header()} is {@code null} and {@link #body()} is {@link Unpooled#EMPTY_BUFFER}.
 */
public final class Command extends AbstractReferenceCounted {
    private final int channel;
    private final Method method;
    private final ContentHeaderFrame header;
    private final ByteBuf body;

    /**
     * @param header ownership is transferred; {@code null} exactly when the method has no content
     * @param body   ownership is transferred; {@link Unpooled#EMPTY_BUFFER} for methods without content
     * @throws IllegalArgumentException when header and method disagree or the body size differs from the
     *                                  header's; the caller then keeps ownership of both
     */
    public Command(int channel, Method method, ContentHeaderFrame header, ByteBuf body) {
        this.channel = channel;
        this.method = Objects.requireNonNull(method, "method");
        this.body = Objects.requireNonNull(body, "body");
        if (method.hasContent() != (header != null)) {
            throw new IllegalArgumentException(method.name() + (header == null ? " needs" : " takes no")
                    + " content header");
        }
        if (header != null && header.bodySize() != body.readableBytes()) {
            throw new IllegalArgumentException("body: " + body.readableBytes() + " bytes (expected: "
                    + header.bodySize() + ", the header's body size)");
        }
        this.header = header;
    }

    /** A command for a method without content. */
    public static Command of(int channel, Method method) {
        return new Command(channel, method, null, Unpooled.EMPTY_BUFFER);
    }

    public int channel() {
        return channel;
    }

    public Method method() {
        return method;
    }

    /** The content header, or {@code null} for a method without content. Not retained for the caller. */
    public ContentHeaderFrame header() {
        return header;
    }

    /** The body (possibly a composite of frame slices). Not retained for the caller. */
    public ByteBuf body() {
        return body;
    }

    @Override
    protected void deallocate() {
        if (header != null) {
            header.release();
        }
        body.release();
    }

    @Override
    public Command retain() {
        super.retain();
        return this;
    }

    @Override
    public Command retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public Command touch() {
        return touch(null);
    }

    @Override
    public Command touch(Object hint) {
        if (header != null) {
            header.touch(hint);
        }
        body.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "Command(channel=" + channel + ", " + method + (header == null ? ""
                : ", bodySize=" + header.bodySize()) + ")";
    }
}
