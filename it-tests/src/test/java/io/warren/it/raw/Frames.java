package io.warren.it.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpConstants;
import io.warren.codec.method.Method;
import io.warren.codec.method.MethodCodec;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;

import java.nio.ByteBuffer;

/** Frame bytes as {@link RawClient} sends them, built with Warren's codec; public so tests can corrupt them. */
public final class Frames {
    private Frames() {
    }

    public static byte[] frame(int type, int channel, byte[] payload, int frameEnd) {
        return ByteBuffer.allocate(payload.length + AmqpConstants.FRAME_OVERHEAD).put((byte) type)
                .putShort((short) channel).putInt(payload.length).put(payload).put((byte) frameEnd).array();
    }

    public static byte[] methodPayload(Method m) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MethodCodec.encode(m, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    public static byte[] headerPayload(int classId, long bodySize) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeShort(classId).writeShort(0).writeLong(bodySize);
            BasicPropertiesCodec.encode(BasicProperties.EMPTY, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
