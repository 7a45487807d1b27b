package io.warren.broker.queue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditTest {
    @Test
    void acquiresUpToTheLimitAndReportsTheWakeUpTransition() {
        Credit c = new Credit(2);
        assertTrue(c.tryAcquire());
        assertTrue(c.tryAcquire());
        assertFalse(c.tryAcquire(), "limit reached");
        assertTrue(c.release(1), "exhausted -> available must wake the queue");
        assertFalse(c.release(1), "already available: no wake-up");
        assertEquals(0, c.used());
    }

    @Test
    void zeroMeansNoLimitButStillCounts() {
        Credit c = new Credit(0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(c.tryAcquire());
        }
        assertEquals(1000, c.used());
        assertTrue(c.setLimit(1200) == false, "from unlimited to a limit is not a wake-up");
        assertFalse(c.tryAcquire() && c.used() > 1200);
    }

    @Test
    void raisingTheLimitWakesAndLoweringItHolds() {
        Credit c = new Credit(1);
        assertTrue(c.tryAcquire());
        assertFalse(c.tryAcquire());
        assertTrue(c.setLimit(3), "more room now");
        assertTrue(c.tryAcquire());
        assertFalse(c.setLimit(1), "less room is not a wake-up");
        assertFalse(c.tryAcquire());
        assertFalse(c.release(1), "still at or above the new limit");
        assertTrue(c.release(1), "below the limit again");
    }

    @Test
    void theSharedUnlimitedCreditNeverChanges() {
        assertTrue(Credit.UNLIMITED.tryAcquire());
        assertEquals(0, Credit.UNLIMITED.used());
        assertThrows(IllegalStateException.class, () -> Credit.UNLIMITED.setLimit(5));
    }
}
