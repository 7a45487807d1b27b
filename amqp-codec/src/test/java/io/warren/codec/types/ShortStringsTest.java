package io.warren.codec.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import org.junit.jupiter.api.Test;

import static io.warren.codec.testing.Bytes.compact;
import static io.warren.codec.testing.Bytes.heap;
import static io.warren.codec.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShortStringsTest {

    @Test
    void writesLengthOctetThenUtf8() {
        ByteBuf out = Unpooled.buffer();
        try {
            ShortStrings.write(out, "abc");
            ShortStrings.write(out, "");
            ShortStrings.write(out, "é");
            assertEquals(compact("03 616263  00  02 c3a9"), hex(out));
            assertEquals("abc", ShortStrings.read(out));
            assertEquals("", ShortStrings.read(out));
            assertEquals("é", ShortStrings.read(out));
            assertFalse(out.isReadable());
        } finally {
            assertTrue(out.release());
        }
    }

    /** Exchange names and routing keys repeat on every publish: reading one again yields the same String. */
    @Test
    void aRecentAsciiStringIsReadBackAsTheSameInstance() {
        String longer = "x".repeat(RecentStrings.MAX_CACHED + 1);
        ByteBuf out = Unpooled.buffer();
        try {
            for (String s : new String[] {"orders.created", "orders.created", "é-key", "clé-routing-key",
                    "routing.clé.x", longer, "Aa", "BB", "Aa"}) {
                ShortStrings.write(out, s);
            }
            String first = ShortStrings.read(out);
            assertEquals("orders.created", first);
            assertSame(first, ShortStrings.read(out));
            assertEquals("é-key", ShortStrings.read(out), "not ASCII: decoded as UTF-8, not kept");
            assertEquals("clé-routing-key", ShortStrings.read(out));
            assertEquals("routing.clé.x", ShortStrings.read(out));
            assertEquals(longer, ShortStrings.read(out), "too long to keep, read as usual");
            // "Aa" and "BB" have the same hash code and so the same slot: each still reads as itself
            assertEquals("Aa", ShortStrings.read(out));
            assertEquals("BB", ShortStrings.read(out));
            assertEquals("Aa", ShortStrings.read(out));
            assertFalse(out.isReadable());
        } finally {
            assertTrue(out.release());
        }
    }

    @Test
    void encodedLengthCountsUtf8BytesPlusLengthOctet() {
        assertEquals(1, ShortStrings.encodedLength(""));
        assertEquals(4, ShortStrings.encodedLength("abc"));
        assertEquals(1 + 3, ShortStrings.encodedLength("€"));
    }

    @Test
    void accepts255BytesAndRejects256() {
        ByteBuf out = Unpooled.buffer();
        try {
            String max = "x".repeat(255);
            ShortStrings.write(out, max);
            assertEquals(256, out.readableBytes());
            assertEquals(max, ShortStrings.read(out));

            var e = assertThrows(IllegalArgumentException.class, () -> ShortStrings.write(out, "x".repeat(256)));
            assertEquals("shortstr too long: 256 bytes (expected: <= 255)", e.getMessage());
            assertFalse(out.isReadable(), "nothing written on failure");
        } finally {
            out.release();
        }
    }

    @Test
    void lengthLimitIsInBytesNotCharacters() {
        ByteBuf out = Unpooled.buffer();
        try {
            String s = "é".repeat(128);                        // 128 chars, 256 bytes
            var e = assertThrows(IllegalArgumentException.class, () -> ShortStrings.write(out, s));
            assertEquals("shortstr too long: 256 bytes (expected: <= 255)", e.getMessage());
        } finally {
            out.release();
        }
    }

    @Test
    void truncatedInputIsASyntaxError() {
        ByteBuf in = heap("05 6162");
        try {
            var e = assertThrows(AmqpException.class, () -> ShortStrings.read(in));
            assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
            assertEquals("truncated shortstr: length 5, 2 bytes left", e.getMessage());
        } finally {
            in.release();
        }
        ByteBuf empty = Unpooled.buffer(0);
        try {
            assertEquals(ReplyCode.SYNTAX_ERROR,
                    assertThrows(AmqpException.class, () -> ShortStrings.read(empty)).code());
        } finally {
            empty.release();
        }
    }

    @Test
    void longStringsRoundTripAndRejectLengthsPastTheBuffer() {
        ByteBuf out = Unpooled.buffer();
        try {
            LongStrings.write(out, "\0guest\0guest");
            assertEquals(compact("0000000c 00 6775657374 00 6775657374"), hex(out));
            assertEquals(16, LongStrings.encodedLength("\0guest\0guest"));
            assertEquals("\0guest\0guest", LongStrings.read(out));
        } finally {
            out.release();
        }
        ByteBuf forged = heap("7fffffff 61");
        try {
            var e = assertThrows(AmqpException.class, () -> LongStrings.read(forged));
            assertEquals(ReplyCode.SYNTAX_ERROR, e.code());
            assertEquals("truncated longstr: length 2147483647, 1 bytes left", e.getMessage());
        } finally {
            forged.release();
        }
    }
}
