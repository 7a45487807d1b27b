package io.warren.broker.queue;

import io.warren.codec.AmqpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Interval strings, stream declare arguments and x-stream-offset values. */
class StreamArgumentsTest {
    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"10s, 10000", "30m, 1800000", "12h, 43200000", "7D, 604800000", "1M, 2592000000",
            "1Y, 31536000000", "001s, 1000"})
    void intervalsUseRabbitMqUnits(String s, long ms) {
        assertEquals(ms, StreamArguments.intervalMillis(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "0s", "10", "10x", "1d", "-1h", "1.5h", "h1", "99999999999999999999Y"})
    void badIntervalsAreRejected(String s) {
        assertEquals(-1, StreamArguments.intervalMillis(s));
    }

    @Test
    void configDefaultsAndClamps() {
        var c = StreamArguments.config("s", "/", Map.of());
        assertEquals(500_000_000, c.segmentBytes());
        assertEquals(0, c.retention().maxBytes());
        c = StreamArguments.config("s", "/", Map.of("x-max-length-bytes", 5000L, "x-max-age", "1h",
                "x-stream-max-segment-size-bytes", 2_000_000_000L));
        assertEquals(1 << 30, c.segmentBytes(), "RabbitMQ takes up to 3 GB: clamped to our 1 GiB segments");
        assertEquals(5000, c.retention().maxBytes());
        assertEquals(Duration.ofHours(1), c.retention().maxAge());
    }

    @Test
    void refusedAndIllTypedArgumentsNameTheArgument() {
        var e = assertThrows(AmqpException.class, () -> StreamArguments.validate("s", "/",
                Map.of("x-max-priority", 3)));
        assertEquals("PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 's' in vhost '/' of queue type "
                + "rabbit_stream_queue", e.replyText());
        e = assertThrows(AmqpException.class, () -> StreamArguments.validate("s", "/", Map.of("x-max-age", 5)));
        assertEquals(406, e.code().value());
        assertEquals(true, e.replyText().contains("'x-max-age'"));
        StreamArguments.validate("s", "/", Map.of("x-foo", "ignored, as RabbitMQ does"));
    }

    @Test
    void offsetForms() {
        long now = 1_000_000_000L;
        assertEquals(StreamOffset.NEXT, StreamOffset.parse(null, now, "s", "/"));
        assertEquals(StreamOffset.FIRST, StreamOffset.parse("first", now, "s", "/"));
        assertEquals(StreamOffset.LAST, StreamOffset.parse("last", now, "s", "/"));
        assertEquals(StreamOffset.NEXT, StreamOffset.parse("next", now, "s", "/"));
        assertEquals(new StreamOffset(StreamOffset.Kind.OFFSET, 42), StreamOffset.parse(42, now, "s", "/"));
        assertEquals(new StreamOffset(StreamOffset.Kind.OFFSET, 7), StreamOffset.parse((short) 7, now, "s", "/"));
        assertEquals(new StreamOffset(StreamOffset.Kind.OFFSET, 0), StreamOffset.parse(-5L, now, "s", "/"));
        assertEquals(new StreamOffset(StreamOffset.Kind.TIMESTAMP, 5_000),
                StreamOffset.parse(Instant.ofEpochSecond(5), now, "s", "/"));
        assertEquals(new StreamOffset(StreamOffset.Kind.TIMESTAMP, now - 3_600_000),
                StreamOffset.parse("1h", now, "s", "/"));
        for (Object bad : new Object[] {"later", true, 1.5, "0s"}) {
            var e = assertThrows(AmqpException.class, () -> StreamOffset.parse(bad, now, "s", "/"));
            assertEquals(406, e.code().value());
        }
    }
}
