package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.warren.codec.AmqpConstants;
import io.warren.codec.AmqpException;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.frame.HeartbeatFrame;
import io.warren.codec.frame.MethodFrame;
import io.warren.codec.method.MethodCodec;

import java.util.List;

/**
 * Splits the inbound byte stream into {@link io.warren.codec.frame.Frame}s (0-9-1 §4.2.3): a 7-byte header
 * (type u8, channel u16, payload size u32), the payload, and the frame-end octet {@code 0xCE}.
 *
 * <p>Checks, in order: the frame type (known types only); the declared size against frame_max, <em>before</em>
 * waiting for the payload, so a forged size cannot make us buffer (the Java client's {@code enforceFrameMax}, RabbitMQ's {@code frame_too_large});
 * then, once the whole frame is there, the frame-end octet; then the payload. Methods are decoded by
 * {@link MethodCodec}, which must consume exactly the payload. Heartbeats must be on channel 0 (§4.2.7); a
 * heartbeat must be empty and on channel 0 (RabbitMQ answers 501 and 505 otherwise).
 *
 * <p>Errors: FRAME_ERROR for an oversized frame, a bad frame end, an unknown frame type or a bad heartbeat
 * channel; the codecs' SYNTAX_ERROR / COMMAND_INVALID for malformed payloads. The {@link AmqpException} is thrown
 * from {@code decode}, so {@link ByteToMessageDecoder} hands it to {@code exceptionCaught} wrapped in a
 * {@link DecoderException} (use {@link #unwrap}). After the first error the decoder is in a BAD state and
 * discards all further input, so a connection being closed does not decode garbage.
 *
 * <p>Buffer ownership: header and body frames carry retained slices of the inbound buffer (zero copy); the slice
 * is retained only after the frame-end check, so a failing frame retains nothing. Downstream handlers own and
 * release the emitted frames.
 *
 * <p>Confinement: one instance per connection, used on its event loop; {@link #setFrameMax} is called there
 * too (after {@code connection.tune-ok}).
 */
public final class AmqpFrameDecoder extends ByteToMessageDecoder {
    private static final int HEADER_SIZE = AmqpConstants.FRAME_HEADER_SIZE;
    /** The largest payload we can slice: a ByteBuf index is an int. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - AmqpConstants.FRAME_OVERHEAD;

    private int frameMax;
    private boolean bad;

    /** @param frameMax the largest frame accepted, overhead included; 0 means no limit */
    public AmqpFrameDecoder(int frameMax) {
        setFrameMax(frameMax);
    }

    /** Sets the largest frame accepted (header and frame end included); 0 means no limit. */
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

    /** The {@link AmqpException} behind a decoder failure, or {@code null} when {@code t} is another error. */
    public static AmqpException unwrap(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof AmqpException e) {
                return e;
            }
        }
        return null;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (bad) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrame(in, out);
        } catch (RuntimeException e) {
            bad = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** Decodes at most one frame; {@link ByteToMessageDecoder} calls again while input remains and we progress. */
    private void decodeFrame(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER_SIZE) {
            return;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        int channel = in.getUnsignedShort(start + 1);
        long size = in.getUnsignedInt(start + 3);
        if (type != AmqpConstants.FRAME_METHOD && type != AmqpConstants.FRAME_HEADER
                && type != AmqpConstants.FRAME_BODY && type != AmqpConstants.FRAME_HEARTBEAT) {
            // Checked first: garbage (or an "AMQP" header sent mid-stream) fails at once, not after buffering.
            throw AmqpException.frameError("unknown frame type %d", type);
        }
        // RabbitMQ tolerates the 8 bytes of frame overhead beyond frame_max (its FRAME_SIZE_FUDGE) and only refuses
        // a payload larger than frame_max; some clients size payloads to frame_max, so we do the same.
        long maxPayload = frameMax == 0 ? MAX_PAYLOAD : frameMax;
        if (size > maxPayload) {
            throw AmqpException.frameError("frame payload of %d bytes exceeds frame_max %d", size, frameMax);
        }
        int payloadSize = (int) size;
        if (in.readableBytes() < HEADER_SIZE + payloadSize + 1) {
            return;                                         // wait for the rest of the frame
        }
        int end = in.getUnsignedByte(start + HEADER_SIZE + payloadSize);
        if (end != AmqpConstants.FRAME_END) {
            throw AmqpException.frameError("bad frame end octet 0x%02x (expected: 0xce) in frame of type %d",
                    end, type);
        }
        in.skipBytes(HEADER_SIZE);
        switch (type) {
            case AmqpConstants.FRAME_METHOD -> out.add(new MethodFrame(channel, MethodCodec.decode(in, payloadSize)));
            case AmqpConstants.FRAME_HEADER -> {
                // A bounded, non-retained view: decode() retains the part it keeps, after validating.
                ByteBuf payload = in.slice(in.readerIndex(), payloadSize);
                out.add(ContentHeaderFrame.decode(channel, payload));
                in.skipBytes(payloadSize);
            }
            case AmqpConstants.FRAME_BODY -> out.add(new ContentBodyFrame(channel, in.readRetainedSlice(payloadSize)));
            case AmqpConstants.FRAME_HEARTBEAT -> {
                if (channel != 0) {
                    // 0-9-1 §4.2.7 wants channel zero; RabbitMQ answers a heartbeat elsewhere with 505, as we do.
                    throw AmqpException.unexpectedFrame("heartbeat frame on channel %d (expected: 0)", channel);
                }
                if (payloadSize != 0) {
                    throw AmqpException.frameError("heartbeat frame with a %d-byte payload (expected: empty)",
                            payloadSize);
                }
                out.add(HeartbeatFrame.INSTANCE);
            }
            default -> throw AmqpException.frameError("unknown frame type %d", type);
        }
        in.skipBytes(1);                                    // frame end
    }
}
