package io.warren.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warren.codec.AmqpConstants;

import java.util.List;

/**
 * Checks the 8-byte protocol header a client sends first, {@code AMQP 0 0 9 1} (0-9-1 §4.2.2).
 *
 * <p>On a match it fires the user event {@link #ACCEPTED} down the pipeline and then removes itself; bytes that
 * followed the header in the same read go on to the next handler (the frame decoder) after the event. On any
 * other header it does what the spec asks of a server that does not support the requested protocol: it writes
 * its own header back and closes the connection. It rejects as soon as a prefix of the input cannot start with
 * {@code AMQP} (an HTTP request is refused on its first byte), and discards everything it receives afterwards.
 *
 * <p>Confinement: one instance per connection (not {@code @Sharable}), used on its event loop. It emits no
 * messages and holds no buffers beyond the cumulation {@link ByteToMessageDecoder} manages.
 */
public final class ProtocolHeaderDecoder extends ByteToMessageDecoder {
    /** The user event fired when the header has been accepted. */
    public static final Object ACCEPTED = new Object() {
        @Override
        public String toString() {
            return "ProtocolHeaderDecoder.ACCEPTED";
        }
    };

    private static final byte[] EXPECTED = AmqpConstants.protocolHeader();
    /** The 0-9 header ({@code AMQP 1 1 0 9}): RabbitMQ 3.x serves it as 0-9-1, and so do we. */
    private static final byte[] AMQP_0_9 = {'A', 'M', 'Q', 'P', 1, 1, 0, 9};
    private static final int LENGTH = EXPECTED.length;
    /** {@code AMQP}: the part that must match before we wait for the rest. */
    private static final int MAGIC_LENGTH = 4;

    private boolean rejected;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int available = Math.min(in.readableBytes(), LENGTH);
        for (int i = 0; i < Math.min(available, MAGIC_LENGTH); i++) {
            if (in.getByte(start + i) != EXPECTED[i]) {
                reject(ctx, in);
                return;
            }
        }
        if (available < LENGTH) {
            return;
        }
        if (!matches(in, start, EXPECTED) && !matches(in, start, AMQP_0_9)) {
            reject(ctx, in);
            return;
        }
        in.skipBytes(LENGTH);
        ctx.fireUserEventTriggered(ACCEPTED);
        ctx.pipeline().remove(this);     // hands any bytes after the header to the next handler
    }

    private static boolean matches(ByteBuf in, int start, byte[] header) {
        for (int i = 0; i < LENGTH; i++) {
            if (in.getByte(start + i) != header[i]) {
                return false;
            }
        }
        return true;
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in) {
        rejected = true;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(AmqpConstants.protocolHeader()))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
