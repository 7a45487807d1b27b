package io.warren.broker.channel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AckTimeoutTest {
    private static final long TIMEOUT = 100;
    private static final long TICK = 25;

    @Test
    void aDeliveryTimesOutOnTheFirstTickAWholeTimeoutAfterTheTickThatSawIt() {
        AckTimeout t = new AckTimeout(TIMEOUT, TICK);
        // tag 1 delivered between t=0 and t=25; first seen by the tick at 25
        assertFalse(t.tick(25, 1, 1));
        assertFalse(t.tick(50, 1, 1));
        assertFalse(t.tick(75, 1, 1));
        assertFalse(t.tick(100, 1, 1));
        assertTrue(t.tick(125, 1, 1), "100 since the tick at 25 that saw it");
    }

    @Test
    void onlyTheOldestUnackedDeliveryMatters() {
        AckTimeout t = new AckTimeout(TIMEOUT, TICK);
        assertFalse(t.tick(25, 1, 1));
        assertFalse(t.tick(50, 4, 1));
        assertFalse(t.tick(75, 4, 2)); // tag 1 acked
        assertFalse(t.tick(100, 6, 3));
        assertFalse(t.tick(125, 6, 3), "tags 2-4 were first seen at 50");
        assertTrue(t.tick(150, 6, 3));
        assertFalse(t.tick(175, 6, 5), "tag 5 was first seen at 100");
        assertFalse(t.tick(200, 9, 0), "nothing unacknowledged");
    }

    @Test
    void irregularTicksStillMeasureAWholeTimeout() {
        AckTimeout t = new AckTimeout(TIMEOUT, TICK);
        assertFalse(t.tick(10, 2, 2));
        assertFalse(t.tick(109, 2, 2));
        assertTrue(t.tick(240, 3, 2), "a late tick finds the mark at 10 old enough");
        assertFalse(t.tick(260, 3, 3), "tag 3 was first seen at 240");
        assertFalse(t.tick(339, 3, 3));
        assertTrue(t.tick(340, 3, 3));
    }
}
