package io.warren.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AmqpExceptionTest {
    @Test
    void replyTextHasRabbitMqsForm() {
        assertEquals("NOT_FOUND - no queue 'q' in vhost '/'",
                AmqpException.notFound("no queue '%s' in vhost '%s'", "q", "/").replyText());
    }

    @Test
    void aReplyTextLongerThanAShortstrIsCutWithAnEllipsis() {
        String text = AmqpException.notFound("%s", "x".repeat(400)).replyText();
        assertEquals(255, text.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(text.startsWith("NOT_FOUND - xxx") && text.endsWith("..."));
    }

    @Test
    void truncationNeverSplitsACharacter() {
        String text = AmqpException.notFound("%s", "é".repeat(200)).replyText();
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertTrue(utf8.length <= 255);
        assertTrue(text.endsWith("é..."), text);
    }
}
