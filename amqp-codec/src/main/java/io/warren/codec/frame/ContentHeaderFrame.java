package io.warren.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.warren.codec.AmqpException;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;

/**
 * A content header frame (type 2): class id, weight (always 0), body size, then the property flags and property
 * list (0-9-1 §4.2.6.1).
 *
 * <p>The properties stay raw: {@link #rawProperties()} is the flags + property list exactly as received, and
 * {@link #properties()} decodes them on first use (principle 3, "bytes flow, objects don't"). The broker usually
 * needs only the delivery mode, priority and expiration, which {@link BasicPropertiesCodec}'s {@code peek*}
 * methods read from the raw bytes without allocating.
 *
 * <p>Buffer ownership: the frame owns one reference to the raw properties ({@link #content()}). When decoded it
 * is a retained slice of the inbound buffer. Release the frame when done; a {@code Command} releases its header.
 *
 * <p>Thread-safety: like any reference-counted holder, hand it over rather than share it. The decoded properties
 * are cached in a plain field; the race is benign because {@link BasicProperties} is an immutable record.
 */
public final class ContentHeaderFrame extends DefaultByteBufHolder implements Frame {
    /** class-id (2) + weight (2) + body-size (8): the fixed part before the property flags. */
    public static final int FIXED_SIZE = 12;

    private final int channel;
    private final int classId;
    private final long bodySize;
    private BasicProperties properties;

    /** @param rawProperties flags + property list; ownership is transferred to the frame */
    public ContentHeaderFrame(int channel, int classId, long bodySize, ByteBuf rawProperties) {
        this(channel, classId, bodySize, rawProperties, null);
    }

    private ContentHeaderFrame(int channel, int classId, long bodySize, ByteBuf rawProperties,
                               BasicProperties decoded) {
        super(rawProperties);
        if (bodySize < 0) {
            throw new IllegalArgumentException("bodySize: " + bodySize + " (expected: >= 0)");
        }
        this.channel = channel;
        this.classId = classId;
        this.bodySize = bodySize;
        this.properties = decoded;
    }

    /**
     * Decodes a content header payload. Reads all readable bytes of {@code payload}; the caller keeps its own
     * reference, and the frame gets a retained slice of the property bytes, taken only after every check has
     * passed (so a failed decode retains nothing). For class basic the property list is validated here, without
     * allocating, so a malformed list fails at decode time and {@link #properties()} cannot fail later.
     *
     * @throws AmqpException FRAME_ERROR when the payload is shorter than the fixed 12 bytes; SYNTAX_ERROR when
     *         the weight is not 0 (the spec says it "must be zero"; RabbitMQ answers UNEXPECTED_FRAME here, both are
     *         connection errors), when the body size does not fit a signed 64-bit value, or when basic properties
     *         are malformed
     */
    public static ContentHeaderFrame decode(int channel, ByteBuf payload) {
        if (payload.readableBytes() < FIXED_SIZE) {
            throw AmqpException.frameError("content header frame too short: %d bytes (expected: >= %d)",
                    payload.readableBytes(), FIXED_SIZE);
        }
        int start = payload.readerIndex();
        int classId = payload.getUnsignedShort(start);
        int weight = payload.getUnsignedShort(start + 2);
        long bodySize = payload.getLong(start + 4);
        if (weight != 0) {
            throw AmqpException.syntaxError("content header weight must be 0, got %d", weight);
        }
        if (bodySize < 0) {
            throw AmqpException.syntaxError("content header body size %s out of range",
                    Long.toUnsignedString(bodySize));
        }
        payload.skipBytes(FIXED_SIZE);
        if (classId == BasicMethod.CLASS_ID) {
            BasicPropertiesCodec.validate(payload);
        }
        return new ContentHeaderFrame(channel, classId, bodySize, payload.readRetainedSlice(payload.readableBytes()));
    }

    /** Encodes {@code props} into a new buffer from {@code alloc}, owned by the returned frame. */
    public static ContentHeaderFrame of(int channel, int classId, long bodySize, BasicProperties props,
                                        ByteBufAllocator alloc) {
        ByteBuf raw = alloc.buffer(BasicPropertiesCodec.encodedLength(props));
        try {
            BasicPropertiesCodec.encode(props, raw);
        } catch (RuntimeException e) {
            raw.release();
            throw e;
        }
        return new ContentHeaderFrame(channel, classId, bodySize, raw, props);
    }

    @Override
    public int channel() {
        return channel;
    }

    public int classId() {
        return classId;
    }

    public long bodySize() {
        return bodySize;
    }

    /** The flags + property list, as on the wire. Not retained for the caller. */
    public ByteBuf rawProperties() {
        return content();
    }

    /** The decoded properties, decoded on first call and cached. Class basic layout (the only content class). */
    public BasicProperties properties() {
        BasicProperties p = properties;
        if (p == null) {
            p = BasicPropertiesCodec.decode(content());
            properties = p;
        }
        return p;
    }

    @Override
    public ContentHeaderFrame copy() {
        return new ContentHeaderFrame(channel, classId, bodySize, content().copy(), properties);
    }

    @Override
    public ContentHeaderFrame duplicate() {
        return new ContentHeaderFrame(channel, classId, bodySize, content().duplicate(), properties);
    }

    @Override
    public ContentHeaderFrame retainedDuplicate() {
        return new ContentHeaderFrame(channel, classId, bodySize, content().retainedDuplicate(), properties);
    }

    @Override
    public ContentHeaderFrame replace(ByteBuf content) {
        return new ContentHeaderFrame(channel, classId, bodySize, content);
    }

    @Override
    public ContentHeaderFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public ContentHeaderFrame retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public ContentHeaderFrame touch() {
        super.touch();
        return this;
    }

    @Override
    public ContentHeaderFrame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentHeaderFrame f && f.channel == channel && f.classId == classId
                && f.bodySize == bodySize && super.equals(o);
    }

    @Override
    public int hashCode() {
        return ((31 * channel + classId) * 31 + Long.hashCode(bodySize)) * 31 + super.hashCode();
    }

    @Override
    public String toString() {
        return "ContentHeaderFrame(channel=" + channel + ", classId=" + classId + ", bodySize=" + bodySize + ", "
                + content().readableBytes() + " property bytes)";
    }
}
