package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.warren.codec.AmqpException;

/**
 * The AMQP {@code shortstr}: an unsigned octet length followed by at most 255 bytes of UTF-8 (0-9-1 §4.2.5.3).
 *
 * <p>Reading consumes from the buffer's reader index and returns the same {@code String} for the same short ASCII
 * text while it is among the recent ones ({@link RecentStrings}); writing appends at its writer index. Neither
 * retains nor releases the buffer. Thread-safe.
 */
public final class ShortStrings {
    /** The largest number of UTF-8 bytes a shortstr can carry. */
    public static final int MAX_LENGTH = 255;

    /**
     * Reads a length octet and that many bytes of UTF-8.
     *
     * @throws AmqpException SYNTAX_ERROR when the buffer holds fewer bytes than the length announces
     */
    public static String read(ByteBuf in) {
        if (!in.isReadable()) {
            throw AmqpException.syntaxError("truncated shortstr: no length octet");
        }
        int length = in.readUnsignedByte();
        if (length > in.readableBytes()) {
            throw AmqpException.syntaxError("truncated shortstr: length %d, %d bytes left", length,
                    in.readableBytes());
        }
        if (length == 0) {
            return "";
        }
        String s = RecentStrings.get(in, in.readerIndex(), length);
        in.skipBytes(length);
        return s;
    }

    /**
     * Writes {@code s} as a shortstr. The UTF-8 form is written straight into {@code out} (no intermediate
     * {@code byte[]}).
     *
     * @throws IllegalArgumentException when the UTF-8 form of {@code s} is longer than 255 bytes
     */
    public static void write(ByteBuf out, String s) {
        int chars = s.length();
        if (chars == 0) {
            out.writeByte(0);
            return;
        }
        if (chars > MAX_LENGTH) {
            throw tooLong(ByteBufUtil.utf8Bytes(s));
        }
        // One pass on the hot path (routing keys, consumer tags): write, then patch the length octet.
        int lengthIndex = out.writerIndex();
        out.writeByte(0);
        int length = ByteBufUtil.reserveAndWriteUtf8(out, s, chars * 3);
        if (length > MAX_LENGTH) {
            out.writerIndex(lengthIndex);
            throw tooLong(length);
        }
        out.setByte(lengthIndex, length);
    }

    private static IllegalArgumentException tooLong(int length) {
        return new IllegalArgumentException("shortstr too long: " + length + " bytes (expected: <= 255)");
    }

    /** The number of bytes {@link #write} appends for {@code s}: the length octet plus the UTF-8 bytes. */
    public static int encodedLength(String s) {
        return 1 + ByteBufUtil.utf8Bytes(s);
    }

    private ShortStrings() {
    }
}
