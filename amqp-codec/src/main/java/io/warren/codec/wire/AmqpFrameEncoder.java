package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.warren.codec.AmqpConstants;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.frame.Frame;
import io.warren.codec.frame.HeartbeatFrame;
import io.warren.codec.frame.MethodFrame;
import io.warren.codec.method.Method;
import io.warren.codec.method.MethodCodec;

import java.util.List;

/**
 * Encodes {@link Frame}s and {@link Command}s into bytes: one outbound buffer per message written.
 *
 * <ul>
 * <li>{@link MethodFrame}: one buffer; the payload size is patched after the method is written.</li>
 * <li>{@link ContentHeaderFrame}: one buffer (the raw properties are copied; they are small).</li>
 * <li>{@link ContentBodyFrame}: small content is copied into one buffer; larger content goes out as a composite
 *     of a 7-byte header, a retained slice of the content and the frame end, never copied.</li>
 * <li>{@link HeartbeatFrame}: a duplicate of a pre-built, unreleasable constant.</li>
 * <li>{@link Command}: the method frame, the header frame and the body split into body frames of at most
 *     {@code frameMax - 8} bytes (0-9-1 §4.2.6.2). A body of at most {@value #COPY_THRESHOLD} bytes that fits one
 *     frame is copied into the same buffer as the method and header frames, so a small delivery is one buffer;
 *     a larger body goes out as retained slices of the command's body inside one composite buffer.</li>
 * </ul>
 *
 * <p>Buffer ownership: {@link MessageToMessageEncoder} releases every message it hands to {@link #encode} once
 * encoding is done (for a {@code Command} that releases its header and body); whatever the output still needs
 * was retained by the encoder first. If encoding fails, nothing is emitted and the encoder's own buffers are
 * released.
 *
 * <p>Method and header frames are not split, and their size is not checked against frame_max; the broker keeps
 * its own methods small, and a content header is relayed as the publisher sent it.
 *
 * <p>Confinement: not {@code @Sharable}, because it holds the negotiated frame_max; one instance per connection,
 * used on its event loop.
 */
public final class AmqpFrameEncoder extends MessageToMessageEncoder<Object> {
    /** Bodies up to this size (that also fit one frame) are copied next to their method and header frames. */
    public static final int COPY_THRESHOLD = 4096;

    private static final ByteBuf HEARTBEAT = constant(AmqpConstants.FRAME_HEARTBEAT, 0, 0, 0, 0, 0, 0,
            AmqpConstants.FRAME_END);
    private static final ByteBuf FRAME_END = constant(AmqpConstants.FRAME_END);
    /** Initial capacity for a method frame; buffers grow when a method (e.g. connection.start) is larger. */
    private static final int METHOD_FRAME_ESTIMATE = 128;

    private int frameMax;

    /** @param frameMax the largest frame to send, overhead included; 0 means no limit */
    public AmqpFrameEncoder(int frameMax) {
        setFrameMax(frameMax);
    }

    /** Sets the largest frame to send (overhead included); 0 means no limit. Applies to body splitting. */
    public void setFrameMax(int frameMax) {
        if (frameMax < 0 || (frameMax > 0 && frameMax <= AmqpConstants.FRAME_OVERHEAD)) {
            throw new IllegalArgumentException("frameMax: " + frameMax + " (expected: 0 or > "
                    + AmqpConstants.FRAME_OVERHEAD + ")");
        }
        this.frameMax = frameMax;
    }

    public int frameMax() {
        return frameMax;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Frame || msg instanceof Command;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        ByteBufAllocator alloc = ctx.alloc();
        if (msg instanceof Command c) {
            out.add(encodeCommand(alloc, c));
        } else if (msg instanceof MethodFrame f) {
            ByteBuf buf = alloc.ioBuffer(METHOD_FRAME_ESTIMATE);
            try {
                writeMethodFrame(buf, f.channel(), f.method());
            } catch (RuntimeException | Error e) {
                buf.release();
                throw e;
            }
            out.add(buf);
        } else if (msg instanceof ContentHeaderFrame h) {
            out.add(writeHeaderFrame(alloc.ioBuffer(headerFrameSize(h)), h));
        } else if (msg instanceof ContentBodyFrame f) {
            ByteBuf content = f.content();
            int n = content.readableBytes();
            if (n <= Math.min(COPY_THRESHOLD, maxBodyPayload())) {
                // Also the path for an empty body frame: it is sent as it was given.
                out.add(writeSmallBodyFrame(alloc.ioBuffer(AmqpConstants.FRAME_OVERHEAD + n), f.channel(), content));
            } else {
                out.add(appendBodyFrames(alloc, alloc.ioBuffer(AmqpConstants.FRAME_HEADER_SIZE), f.channel(),
                        content));
            }
        } else if (msg instanceof HeartbeatFrame) {
            out.add(HEARTBEAT.duplicate());
        }
    }

    private ByteBuf encodeCommand(ByteBufAllocator alloc, Command c) {
        ContentHeaderFrame h = c.header();
        if (h == null) {
            ByteBuf buf = alloc.ioBuffer(METHOD_FRAME_ESTIMATE);
            try {
                writeMethodFrame(buf, c.channel(), c.method());
            } catch (RuntimeException | Error e) {
                buf.release();
                throw e;
            }
            return buf;
        }
        ByteBuf body = c.body();
        int n = body.readableBytes();
        boolean copy = n <= Math.min(COPY_THRESHOLD, maxBodyPayload());
        int capacity = METHOD_FRAME_ESTIMATE + headerFrameSize(h)
                + (copy ? AmqpConstants.FRAME_OVERHEAD + n : AmqpConstants.FRAME_HEADER_SIZE);
        ByteBuf head = alloc.ioBuffer(capacity);
        try {
            writeMethodFrame(head, c.channel(), c.method());
        } catch (RuntimeException | Error e) {
            head.release();
            throw e;
        }
        writeHeaderFrame(head, h);
        if (n == 0) {
            return head;                                    // bodySize 0: no body frame at all (§4.2.6.2)
        }
        return copy ? writeSmallBodyFrame(head, c.channel(), body) : appendBodyFrames(alloc, head, c.channel(), body);
    }

    /** Appends one body frame holding a copy of {@code content}. Cannot fail once {@code b} is allocated. */
    private static ByteBuf writeSmallBodyFrame(ByteBuf b, int channel, ByteBuf content) {
        int n = content.readableBytes();
        writeFrameHeader(b, AmqpConstants.FRAME_BODY, channel, n);
        b.writeBytes(content, content.readerIndex(), n);
        return b.writeByte(AmqpConstants.FRAME_END);
    }

    /**
     * Returns a composite of {@code head} followed by body frames that reference {@code body} through retained
     * slices of at most frameMax - 8 bytes each. {@code head} is consumed: it ends up in the composite, or is
     * released if this fails.
     */
    private ByteBuf appendBodyFrames(ByteBufAllocator alloc, ByteBuf head, int channel, ByteBuf body) {
        int chunk = maxBodyPayload();
        CompositeByteBuf composite = alloc.compositeDirectBuffer(Integer.MAX_VALUE);
        ByteBuf prefix = head;
        try {
            int index = body.readerIndex();
            int left = body.readableBytes();
            while (left > 0) {
                int n = Math.min(chunk, left);
                writeFrameHeader(prefix, AmqpConstants.FRAME_BODY, channel, n);
                ByteBuf p = prefix;
                prefix = null;
                composite.addComponent(true, p);
                composite.addComponent(true, body.retainedSlice(index, n));
                index += n;
                left -= n;
                if (left > 0) {
                    // frame end of this frame + header of the next one
                    prefix = alloc.ioBuffer(AmqpConstants.FRAME_OVERHEAD).writeByte(AmqpConstants.FRAME_END);
                }
            }
            composite.addComponent(true, FRAME_END.duplicate());
            return composite;
        } catch (RuntimeException | Error e) {
            if (prefix != null) {
                prefix.release();
            }
            composite.release();
            throw e;
        }
    }

    private int maxBodyPayload() {
        return frameMax == 0 ? Integer.MAX_VALUE - AmqpConstants.FRAME_OVERHEAD
                : frameMax - AmqpConstants.FRAME_OVERHEAD;
    }

    private static void writeMethodFrame(ByteBuf b, int channel, Method method) {
        int sizeIndex = writeFrameHeader(b, AmqpConstants.FRAME_METHOD, channel, 0);
        MethodCodec.encode(method, b);
        b.setInt(sizeIndex, b.writerIndex() - sizeIndex - 4);
        b.writeByte(AmqpConstants.FRAME_END);
    }

    private static int headerFrameSize(ContentHeaderFrame h) {
        return AmqpConstants.FRAME_OVERHEAD + ContentHeaderFrame.FIXED_SIZE + h.rawProperties().readableBytes();
    }

    /** Appends a content header frame. Cannot fail once {@code b} is allocated (sizes are known). */
    private static ByteBuf writeHeaderFrame(ByteBuf b, ContentHeaderFrame h) {
        ByteBuf props = h.rawProperties();
        writeFrameHeader(b, AmqpConstants.FRAME_HEADER, h.channel(),
                ContentHeaderFrame.FIXED_SIZE + props.readableBytes());
        b.writeShort(h.classId()).writeShort(0).writeLong(h.bodySize());
        b.writeBytes(props, props.readerIndex(), props.readableBytes());
        return b.writeByte(AmqpConstants.FRAME_END);
    }

    /** Writes type, channel and size; returns the index of the size field. */
    static int writeFrameHeader(ByteBuf b, int type, int channel, int size) {
        b.writeByte(type).writeShort(channel);
        int sizeIndex = b.writerIndex();
        b.writeInt(size);
        return sizeIndex;
    }

    private static ByteBuf constant(int... bytes) {
        ByteBuf b = Unpooled.directBuffer(bytes.length);
        for (int v : bytes) {
            b.writeByte(v);
        }
        return Unpooled.unreleasableBuffer(b.asReadOnly());
    }
}
