package io.warren.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A content body frame (type 3): a piece of a message body.
 *
 * <p>Buffer ownership: the frame owns one reference to {@link #content()}. When decoded, the content is a
 * retained slice of the inbound buffer (no copy). The last handler to touch the frame releases it;
 * {@code ContentAssembler} takes the content over into the assembled body instead.
 */
public final class ContentBodyFrame extends DefaultByteBufHolder implements Frame {
    private final int channel;

    /** @param content ownership is transferred to the frame */
    public ContentBodyFrame(int channel, ByteBuf content) {
        super(content);
        this.channel = channel;
    }

    @Override
    public int channel() {
        return channel;
    }

    @Override
    public ContentBodyFrame copy() {
        return replace(content().copy());
    }

    @Override
    public ContentBodyFrame duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public ContentBodyFrame retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public ContentBodyFrame replace(ByteBuf content) {
        return new ContentBodyFrame(channel, content);
    }

    @Override
    public ContentBodyFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public ContentBodyFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public ContentBodyFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public ContentBodyFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentBodyFrame f && f.channel == channel && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * channel + super.hashCode();
    }

    @Override
    public String toString() {
        return "ContentBodyFrame(channel=" + channel + ", " + content().readableBytes() + " bytes)";
    }
}
