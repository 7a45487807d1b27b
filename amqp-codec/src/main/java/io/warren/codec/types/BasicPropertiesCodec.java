package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.warren.codec.AmqpException;

import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes the property part of a {@code basic} content header: the property flag word(s) followed
 * by the values of the properties whose flag is set (0-9-1 §4.2.6.1).
 *
 * <p>Flags: bit 15 of the first word is the first property ({@code content-type}) and bit 2 the fourteenth
 * ({@code cluster-id}). Bit 0 is the continuation bit: when set, another 16-bit flag word follows. Class basic
 * has only 14 properties, so bit 1 and every property bit of a continuation word would announce a value whose
 * type we cannot know, which makes the rest of the list unparseable: such flags are SYNTAX_ERROR rather than
 * ignored. Continuation words with no property bit set are accepted (the spec allows as many words as a sender
 * likes). Bytes after the last present value are SYNTAX_ERROR too.
 *
 * <p>Stateless. Every method reads {@code raw} from its reader index to its writer index with absolute gets and
 * leaves its indices alone; the {@code peek*} methods allocate nothing (they run on the publish path).
 */
public final class BasicPropertiesCodec {
    private static final int COUNT = 14;
    private static final int CONTENT_TYPE = 0;
    private static final int CONTENT_ENCODING = 1;
    private static final int HEADERS = 2;
    private static final int DELIVERY_MODE = 3;
    private static final int PRIORITY = 4;
    private static final int EXPIRATION = 7;
    private static final int TIMESTAMP = 9;
    private static final int CONTINUATION = 1;
    /** Bit 1: a fifteenth property, which basic does not have. */
    private static final int UNDEFINED_BIT = 1 << 1;

    /** Decodes flags and values into a record. Throws AmqpException SYNTAX_ERROR on malformed input. */
    public static BasicProperties decode(ByteBuf raw) {
        int end = raw.writerIndex();
        int flags = flags(raw);
        int pos = raw.readerIndex() + 2 * flagWords(raw);
        var b = BasicProperties.builder();
        for (int i = 0; i < COUNT; i++) {
            if (!isSet(flags, i)) {
                continue;
            }
            int next = skip(raw, pos, end, i, false);
            switch (i) {
                case HEADERS -> b.headers(FieldTable.read(raw.duplicate().setIndex(pos, next)));
                case DELIVERY_MODE -> b.deliveryMode((int) raw.getUnsignedByte(pos));
                case PRIORITY -> b.priority((int) raw.getUnsignedByte(pos));
                case TIMESTAMP -> b.timestamp(raw.getLong(pos));
                default -> setShortString(b, i, raw.toString(pos + 1, next - pos - 1, StandardCharsets.UTF_8));
            }
            pos = next;
        }
        checkNoTrailingBytes(pos, end);
        return b.build();
    }

    /**
     * Checks that {@code raw} is a well-formed basic property list (flags, every value's length, the headers
     * table's structure and nesting) without allocating.
     *
     * @throws AmqpException SYNTAX_ERROR naming the first problem found
     */
    public static void validate(ByteBuf raw) {
        int end = raw.writerIndex();
        int flags = flags(raw);
        int pos = raw.readerIndex() + 2 * flagWords(raw);
        for (int i = 0; i < COUNT; i++) {
            if (isSet(flags, i)) {
                pos = skip(raw, pos, end, i, true);
            }
        }
        checkNoTrailingBytes(pos, end);
    }

    /** Writes flags and values for the non-null properties of {@code p}. */
    public static void encode(BasicProperties p, ByteBuf out) {
        int flagsIndex = out.writerIndex();
        out.writeShort(0);
        int flags = 0;
        flags |= writeShortString(out, CONTENT_TYPE, "contentType", p.contentType());
        flags |= writeShortString(out, CONTENT_ENCODING, "contentEncoding", p.contentEncoding());
        if (p.headers() != null) {
            p.headers().write(out);
            flags |= bit(HEADERS);
        }
        flags |= writeOctet(out, DELIVERY_MODE, p.deliveryMode());
        flags |= writeOctet(out, PRIORITY, p.priority());
        flags |= writeShortString(out, 5, "correlationId", p.correlationId());
        flags |= writeShortString(out, 6, "replyTo", p.replyTo());
        flags |= writeShortString(out, EXPIRATION, "expiration", p.expiration());
        flags |= writeShortString(out, 8, "messageId", p.messageId());
        if (p.timestamp() != null) {
            out.writeLong(p.timestamp());
            flags |= bit(TIMESTAMP);
        }
        flags |= writeShortString(out, 10, "type", p.type());
        flags |= writeShortString(out, 11, "userId", p.userId());
        flags |= writeShortString(out, 12, "appId", p.appId());
        flags |= writeShortString(out, 13, "clusterId", p.clusterId());
        out.setShort(flagsIndex, flags);
    }

    /** The number of bytes {@link #encode} writes for {@code p}. */
    public static int encodedLength(BasicProperties p) {
        int n = 2 + length(p.contentType()) + length(p.contentEncoding()) + length(p.correlationId())
                + length(p.replyTo()) + length(p.expiration()) + length(p.messageId()) + length(p.type())
                + length(p.userId()) + length(p.appId()) + length(p.clusterId());
        n += p.headers() == null ? 0 : p.headers().encodedLength();
        n += p.deliveryMode() == null ? 0 : 1;
        n += p.priority() == null ? 0 : 1;
        n += p.timestamp() == null ? 0 : 8;
        return n;
    }

    /** {@code delivery-mode} (1 transient, 2 persistent), or 0 when absent. Allocation-free. */
    public static int peekDeliveryMode(ByteBuf raw) {
        int pos = offsetOf(raw, DELIVERY_MODE);
        return pos < 0 ? 0 : raw.getUnsignedByte(pos);
    }

    /** {@code priority} (0..255), or -1 when absent. Allocation-free. */
    public static int peekPriority(ByteBuf raw) {
        int pos = offsetOf(raw, PRIORITY);
        return pos < 0 ? -1 : raw.getUnsignedByte(pos);
    }

    /** {@code expiration}, or {@code null} when absent; allocates only the string it returns. */
    public static String peekExpiration(ByteBuf raw) {
        int pos = offsetOf(raw, EXPIRATION);
        return pos < 0 ? null : raw.toString(pos + 1, raw.getUnsignedByte(pos), StandardCharsets.UTF_8);
    }

    /** True when the {@code headers} flag is set. Allocation-free. */
    public static boolean hasHeaders(ByteBuf raw) {
        return isSet(flags(raw), HEADERS);
    }

    // ------------------------------------------------------------------------------------------------- internals

    /** Index of property {@code index}'s value in {@code raw}, or -1 when its flag is clear. */
    private static int offsetOf(ByteBuf raw, int index) {
        int flags = flags(raw);
        if (!isSet(flags, index)) {
            return -1;
        }
        int end = raw.writerIndex();
        int pos = raw.readerIndex() + 2 * flagWords(raw);
        for (int i = 0; i < index; i++) {
            if (isSet(flags, i)) {
                pos = skip(raw, pos, end, i, false);
            }
        }
        skip(raw, pos, end, index, false);     // bounds-check the value itself
        return pos;
    }

    /** The first flag word, checked for the undefined bit. */
    private static int flags(ByteBuf raw) {
        if (raw.readableBytes() < 2) {
            throw AmqpException.syntaxError("basic properties: %d bytes, too short for the property flags",
                    raw.readableBytes());
        }
        int flags = raw.getUnsignedShort(raw.readerIndex());
        if ((flags & UNDEFINED_BIT) != 0) {
            throw AmqpException.syntaxError("basic properties: flag bit 1 set, but class basic has only %d "
                    + "properties", COUNT);
        }
        return flags;
    }

    /** Counts the flag words (at least 1), requiring continuation words to carry no property bits. */
    private static int flagWords(ByteBuf raw) {
        int pos = raw.readerIndex();
        int end = raw.writerIndex();
        int word = raw.getUnsignedShort(pos);
        int words = 1;
        while ((word & CONTINUATION) != 0) {
            pos += 2;
            if (end - pos < 2) {
                throw AmqpException.syntaxError("basic properties: continuation bit set but no further flag word");
            }
            word = raw.getUnsignedShort(pos);
            if ((word & ~CONTINUATION) != 0) {
                throw AmqpException.syntaxError("basic properties: flag word %d sets properties beyond the %d "
                        + "of class basic: 0x%04x", words + 1, COUNT, word);
            }
            words++;
        }
        return words;
    }

    private static boolean isSet(int flags, int index) {
        return (flags & bit(index)) != 0;
    }

    private static int bit(int index) {
        return 1 << (15 - index);
    }

    /** Checks the bounds of property {@code index}'s value at {@code pos}; returns the index just after it. */
    private static int skip(ByteBuf raw, int pos, int end, int index, boolean deep) {
        int size;
        switch (index) {
            case DELIVERY_MODE, PRIORITY -> size = 1;
            case TIMESTAMP -> size = 8;
            case HEADERS -> {
                if (end - pos < 4) {
                    throw truncated(index, 4, end - pos);
                }
                long length = raw.getUnsignedInt(pos);
                if (length > end - pos - 4) {
                    throw truncated(index, length, end - pos - 4);
                }
                if (deep) {
                    FieldTables.validateTable(raw, pos + 4, pos + 4 + (int) length, 1);
                }
                return pos + 4 + (int) length;
            }
            default -> {
                if (end - pos < 1) {
                    throw truncated(index, 1, 0);
                }
                size = 1 + raw.getUnsignedByte(pos);
            }
        }
        if (end - pos < size) {
            throw truncated(index, size, end - pos);
        }
        return pos + size;
    }

    private static AmqpException truncated(int index, long needed, int left) {
        return AmqpException.syntaxError("basic properties: truncated property %d (needs %d bytes, %d left)",
                index + 1, needed, left);
    }

    private static void checkNoTrailingBytes(int pos, int end) {
        if (pos != end) {
            throw AmqpException.syntaxError("basic properties: %d bytes after the last property", end - pos);
        }
    }

    private static void setShortString(BasicProperties.Builder b, int index, String v) {
        switch (index) {
            case CONTENT_TYPE -> b.contentType(v);
            case CONTENT_ENCODING -> b.contentEncoding(v);
            case 5 -> b.correlationId(v);
            case 6 -> b.replyTo(v);
            case EXPIRATION -> b.expiration(v);
            case 8 -> b.messageId(v);
            case 10 -> b.type(v);
            case 11 -> b.userId(v);
            case 12 -> b.appId(v);
            case 13 -> b.clusterId(v);
            default -> throw new IllegalStateException("not a shortstr property: " + index);
        }
    }

    private static int writeShortString(ByteBuf out, int index, String name, String v) {
        if (v == null) {
            return 0;
        }
        try {
            ShortStrings.write(out, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        return bit(index);
    }

    private static int writeOctet(ByteBuf out, int index, Integer v) {
        if (v == null) {
            return 0;
        }
        out.writeByte(v);
        return bit(index);
    }

    private static int length(String s) {
        return s == null ? 0 : ShortStrings.encodedLength(s);
    }

    private BasicPropertiesCodec() {
    }
}
