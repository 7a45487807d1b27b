package io.warren.codec.method;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.warren.codec.testing.Bytes.heap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodRoundTripTest {

    static List<Class<? extends Method>> methodClasses() {
        return MethodCodec.methodClasses();
    }

    private static ByteBuf encode(Method m) {
        ByteBuf buf = Unpooled.buffer();
        MethodCodec.encode(m, buf);
        return buf;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodClasses")
    void encodeThenDecodeGivesAnEqualRecord(Class<? extends Method> type) {
        List<Long> patterns = MethodSamples.bitPatterns(MethodSamples.booleanCount(type));
        for (int seed = 0; seed < patterns.size(); seed++) {
            Method m = MethodSamples.sample(type, patterns.get(seed), seed);
            ByteBuf buf = encode(m);
            try {
                assertEquals(m.classId(), buf.getUnsignedShort(0), "class id first");
                assertEquals(m.methodId(), buf.getUnsignedShort(2), "then method id");
                Method back = MethodCodec.decode(buf, buf.readableBytes());
                assertEquals(m, back, "bits " + Long.toBinaryString(patterns.get(seed)));
                assertFalse(buf.isReadable(), "decode consumed the payload");
                assertEquals(type, back.getClass());
            } finally {
                assertTrue(buf.release());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodClasses")
    void trailingByteIsAFrameError(Class<? extends Method> type) {
        ByteBuf buf = encode(MethodSamples.sample(type, 0, 1));
        try {
            int size = buf.readableBytes();
            buf.writeByte(0x2a);
            var e = assertThrows(AmqpException.class, () -> MethodCodec.decode(buf, size + 1));
            assertEquals(ReplyCode.FRAME_ERROR, e.code()); // RabbitMQ: "cannot decode"
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodClasses")
    void truncatedPayloadIsAFrameError(Class<? extends Method> type) {
        ByteBuf buf = encode(MethodSamples.sample(type, -1L, 2));
        try {
            int size = buf.readableBytes();
            buf.writeByte(0);                                  // a byte that belongs to the next frame
            var e = assertThrows(AmqpException.class, () -> MethodCodec.decode(buf, size - 1));
            assertEquals(ReplyCode.FRAME_ERROR, e.code()); // RabbitMQ: "cannot decode"
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodClasses")
    void identityIsConsistent(Class<? extends Method> type) {
        Method m = MethodSamples.sample(type, 0, 0);
        assertEquals((m.classId() << 16) | m.methodId(), m.key());
        assertTrue(m.name().matches("[a-z]+\\.[a-z-]+"), m.name());
        var e = assertThrows(AmqpException.class, () -> m.accept(new MethodVisitor<Void>() { }),
                "an empty visitor rejects every method");
        assertEquals(ReplyCode.COMMAND_INVALID, e.code());
    }

    @Test
    void everyMethodHasItsOwnKey() {
        Set<Integer> keys = new HashSet<>();
        for (Class<? extends Method> type : methodClasses()) {
            assertTrue(keys.add(MethodSamples.sample(type, 0, 0).key()), "duplicate key for " + type);
        }
    }

    @Test
    void unknownMethodIsCommandInvalid() {
        ByteBuf buf = heap("0014 00ff");
        try {
            var e = assertThrows(AmqpException.class, () -> MethodCodec.decode(buf, 4));
            assertEquals(ReplyCode.COMMAND_INVALID, e.code());
        } finally {
            buf.release();
        }
    }
}
