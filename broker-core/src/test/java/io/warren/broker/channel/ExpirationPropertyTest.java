package io.warren.broker.channel;

import io.warren.codec.AmqpException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reasons below are the ones RabbitMQ 3.10 answered for the same strings. */
class ExpirationPropertyTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "soon|no_integer",
            "``|no_integer",
            "` 5`|no_integer",
            "-5|{value_negative,-5}",
            "10.5|{leftover_string,\".5\"}",
            "4294967296|{value_too_large,4294967296}",
    })
    void refusedWithRabbitMQsReason(String expiration, String reason) {
        assertEquals(reason, ExpirationProperty.problem(expiration));
        AmqpException e = assertThrows(AmqpException.class, () -> ExpirationProperty.check(expiration));
        assertEquals("PRECONDITION_FAILED - invalid expiration '" + expiration + "': " + reason, e.replyText());
    }

    @ParameterizedTest
    @CsvSource({"0", "60000", "+5", "4294967295", "007"})
    void accepted(String expiration) {
        assertNull(ExpirationProperty.problem(expiration));
    }
}
