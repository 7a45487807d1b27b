package io.warren.codec.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

/** Test helpers for writing bytes as hex ("01 0001 CE"; spaces ignored) and reading them back. */
public final class Bytes {

    /** Decodes hex (whitespace ignored) into a byte array. */
    public static byte[] bytes(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replaceAll("\\s+", ""));
    }

    /** A pooled, leak-tracked buffer holding {@code hex}: the caller (or the pipeline) must release it. */
    public static ByteBuf pooled(String hex) {
        byte[] b = bytes(hex);
        return PooledByteBufAllocator.DEFAULT.buffer(b.length).writeBytes(b);
    }

    /** An unpooled heap buffer (leak-tracked, array-backed) holding {@code hex}. */
    public static ByteBuf heap(String hex) {
        byte[] b = bytes(hex);
        return Unpooled.buffer(b.length).writeBytes(b);
    }

    /** The readable bytes of {@code buf} as lower-case hex, without changing its indices. */
    public static String hex(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    /** Compacts a hex literal written with spaces for reading into the form {@link #hex} returns. */
    public static String compact(String hex) {
        return hex.replaceAll("\\s+", "").toLowerCase();
    }

    private Bytes() {
    }
}
