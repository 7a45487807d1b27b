package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.warren.codec.AmqpException;

import java.nio.charset.StandardCharsets;

/**
 * The AMQP {@code longstr}: an unsigned 32-bit length followed by that many bytes (0-9-1 §4.2.5.3), read and
 * written here as UTF-8 text.
 *
 * <p>Stateless. Reading consumes from the buffer's reader index; writing appends at its writer index. Neither
 * retains nor releases the buffer.
 */
public final class LongStrings {

    /**
     * Reads a 32-bit length and that many bytes of UTF-8.
     *
     * @throws AmqpException SYNTAX_ERROR when the length is larger than the bytes left in {@code in}; the check
     *                       comes before any allocation, so a forged length cannot make us allocate
     */
    public static String read(ByteBuf in) {
        if (in.readableBytes() < 4) {
            throw AmqpException.syntaxError("truncated longstr: %d bytes left for a 4-byte length",
                    in.readableBytes());
        }
        long length = in.readUnsignedInt();
        if (length > in.readableBytes()) {
            throw AmqpException.syntaxError("truncated longstr: length %d, %d bytes left", length,
                    in.readableBytes());
        }
        if (length == 0) {
            return "";
        }
        int n = (int) length;
        String s = in.toString(in.readerIndex(), n, StandardCharsets.UTF_8);
        in.skipBytes(n);
        return s;
    }

    /** Writes {@code s} as a longstr: its UTF-8 byte count as a u32, then the bytes, with no intermediate copy. */
    public static void write(ByteBuf out, String s) {
        int length = ByteBufUtil.utf8Bytes(s);
        out.writeInt(length);
        if (length != 0) {
            ByteBufUtil.reserveAndWriteUtf8(out, s, length);
        }
    }

    /** The number of bytes {@link #write} appends for {@code s}. */
    public static int encodedLength(String s) {
        return 4 + ByteBufUtil.utf8Bytes(s);
    }

    private LongStrings() {
    }
}
