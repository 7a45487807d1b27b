package io.warren.broker.connection;

import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TuningTest {
    private static final Tuning OFFER = new Tuning(2047, 131_072, 60);

    @Test
    void theClientMayLowerEveryValue() {
        assertEquals(new Tuning(10, 8192, 5), Tuning.negotiate(OFFER, 10, 8192, 5));
        assertEquals(new Tuning(2047, 131_072, 0), Tuning.negotiate(OFFER, 2047, 131_072, 0));
    }

    @Test
    void askingAboveTheOfferIsRefused() {
        var e = assertThrows(AmqpException.class, () -> Tuning.negotiate(OFFER, 2047, 262_144, 60));
        assertEquals(ReplyCode.NOT_ALLOWED, e.code());
        assertThrows(AmqpException.class, () -> Tuning.negotiate(OFFER, 4000, 131_072, 60));
        assertThrows(AmqpException.class, () -> Tuning.negotiate(OFFER, 0, 131_072, 60), "0 = unlimited > 2047");
        assertThrows(AmqpException.class, () -> Tuning.negotiate(OFFER, 2047, 1024, 60), "below the minimum");
    }

    @Test
    void zeroMeansNoLimitWhenTheServerHasNone() {
        Tuning unlimited = new Tuning(0, 0, 0);
        assertEquals(new Tuning(Tuning.NO_CHANNEL_LIMIT, 0, 0), Tuning.negotiate(unlimited, 0, 0, 0));
    }
}
