package io.warren.broker.queue;

import io.netty.buffer.Unpooled;
import io.warren.broker.message.Message;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A message keeps the queue TTL that was in force when it arrived, as RabbitMQ computes its expiry then. */
class MessageExpiryTest {
    private final Message plain = message(null);
    private final Message fiveSeconds = message("5000");

    private static Message message(String expiration) {
        var props = Unpooled.buffer();
        BasicPropertiesCodec.encode(BasicProperties.builder().expiration(expiration).build(), props);
        return new Message("", "q", props, Unpooled.EMPTY_BUFFER, false);
    }

    @AfterEach
    void release() {
        plain.release();
        fiveSeconds.release();
    }

    private static MessageExpiry ttl(long ms) {
        return MessageExpiry.of(Map.of("x-message-ttl", ms));
    }

    @Test
    void theQueueTtlOrTheMessagesOwnWhicheverComesFirst() {
        MessageExpiry e = ttl(60_000);
        assertEquals(1_000 + 60_000, e.expiresAt(plain, 1_000));
        assertEquals(1_000 + 5_000, e.expiresAt(fiveSeconds, 1_000));
        MessageExpiry none = MessageExpiry.of(Map.of());
        assertFalse(none.queueTtl());
        assertEquals(MessageExpiry.NEVER, none.expiresAt(plain, 1_000));
    }

    @Test
    void aChangeAppliesToMessagesArrivingFromThenOn() {
        MessageExpiry e = MessageExpiry.of(Map.of());
        assertEquals(MessageExpiry.NEVER, e.expiresAt(plain, 1_000));
        e.queueTtl(ttl(100), 2_000);
        assertTrue(e.queueTtl());
        assertEquals(MessageExpiry.NEVER, e.expiresAt(plain, 1_999), "arrived before: read back from disk later");
        assertEquals(2_100, e.expiresAt(plain, 2_000));
        e.queueTtl(MessageExpiry.of(Map.of()), 3_000);
        assertEquals(2_600, e.expiresAt(plain, 2_500));
        assertEquals(MessageExpiry.NEVER, e.expiresAt(plain, 3_000));
    }

    @Test
    void aChangeBeforeAnyMessageHoldsFromTheStart() {
        MessageExpiry e = MessageExpiry.of(Map.of());
        e.queueTtl(ttl(100), 5_000);  // a restored queue takes its policy before its messages are read back
        assertEquals(1_100, e.expiresAt(plain, 1_000));
    }

    @Test
    void theOldestChangesAreForgottenBeyondTheHistory() {
        MessageExpiry e = ttl(1);
        e.expiresAt(plain, 0);
        for (int i = 2; i <= 10; i++) {
            e.queueTtl(ttl(i), i * 1_000L);
        }
        assertEquals(10_000 + 10, e.expiresAt(plain, 10_000));
        assertEquals(5_000 + 5, e.expiresAt(plain, 5_000));
        assertEquals(100 + 3, e.expiresAt(plain, 100), "1 and 2 fell out: the earliest remembered is 3");
    }
}
