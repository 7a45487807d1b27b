package io.warren.codec.types;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The short ASCII strings read lately (exchange names and routing keys repeat on nearly every publish), so that
 * reading one again returns the same {@link String}: no allocation, and its hash code is already computed for the
 * map lookups that follow. A direct-mapped table of {@value #SLOTS} slots indexed by the string's hash; a string
 * that is not ASCII or longer than {@value #MAX_CACHED} bytes is decoded as usual and not kept. The bytes are
 * read eight at a time, so a hit costs a few bounds checks rather than one a byte.
 *
 * <p>Thread-safety: shared by every I/O thread without locking. Slots hold immutable {@code String}s, so a racy
 * read sees either an old string or a new one, and a string is returned only after it compared equal to the bytes.
 */
final class RecentStrings {
    static final int SLOTS = 1024;
    static final int MAX_CACHED = 64;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final String[] TABLE = new String[SLOTS];

    private RecentStrings() {
    }

    /** The string of the {@code length} (1..255) bytes of UTF-8 at {@code index} in {@code in}. */
    static String get(ByteBuf in, int index, int length) {
        if (length > MAX_CACHED) {
            return in.toString(index, length, StandardCharsets.UTF_8);
        }
        int hash = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = in.getLong(index + i); // big-endian: the first byte is the highest
            if ((word & HIGH_BITS) != 0) {
                return in.toString(index, length, StandardCharsets.UTF_8); // not ASCII: chars are not bytes
            }
            for (int shift = 56; shift >= 0; shift -= 8) {
                hash = 31 * hash + (int) ((word >>> shift) & 0x7F); // String.hashCode of these chars
            }
        }
        for (; i < length; i++) {
            byte b = in.getByte(index + i);
            if (b < 0) {
                return in.toString(index, length, StandardCharsets.UTF_8);
            }
            hash = 31 * hash + b;
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String cached = TABLE[slot];
        if (cached != null && cached.hashCode() == hash && sameChars(cached, in, index, length)) {
            return cached;
        }
        String s = in.toString(index, length, StandardCharsets.US_ASCII);
        TABLE[slot] = s;
        return s;
    }

    private static boolean sameChars(String s, ByteBuf in, int index, int length) {
        if (s.length() != length) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = in.getLong(index + i);
            for (int k = 0; k < 8; k++) {
                if (s.charAt(i + k) != (int) ((word >>> (56 - 8 * k)) & 0xFF)) {
                    return false;
                }
            }
        }
        for (; i < length; i++) {
            if (s.charAt(i) != in.getByte(index + i)) {
                return false;
            }
        }
        return true;
    }
}
