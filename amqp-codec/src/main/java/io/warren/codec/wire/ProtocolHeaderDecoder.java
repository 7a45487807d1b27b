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
        for (int i = 0; i < available; i++) {
            if (in.getByte(start + i) != EXPECTED[i] && (i < MAGIC_LENGTH || available == LENGTH)) {
                reject(ctx, in);
                return;
            }
        }
        if (available < LENGTH) {
            return;
        }
        in.skipBytes(LENGTH);
        ctx.fireUserEventTriggered(ACCEPTED);
        ctx.pipeline().remove(this);     // hands any bytes after the header to the next handler
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in) {
        rejected = true;
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(AmqpConstants.protocolHeader()))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
