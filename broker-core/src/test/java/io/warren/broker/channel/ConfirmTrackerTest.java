package io.warren.broker.channel;

import io.warren.codec.method.BasicMethod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfirmTrackerTest {
    private final ConfirmTracker tracker = new ConfirmTracker();
    private final List<BasicMethod> sent = new ArrayList<>();

    @Test
    void aRunOfSettledPublishesIsOneMultipleAck() {
        for (int i = 0; i < 5; i++) {
            tracker.settle(tracker.next(), true);
        }
        tracker.flush(sent::add);
        assertEquals(List.of(new BasicMethod.Ack(5, true)), sent);
        assertFalse(tracker.hasUnreported());
    }

    @Test
    void aSingleSettledPublishIsASingleAck() {
        tracker.settle(tracker.next(), true);
        tracker.flush(sent::add);
        assertEquals(List.of(new BasicMethod.Ack(1, false)), sent);
    }

    @Test
    void outOfOrderSettlementsOnlyAckTheContiguousPrefix() {
        long a = tracker.next();
        long b = tracker.next();
        long c = tracker.next();
        tracker.settle(c, true);
        tracker.settle(b, true);
        tracker.flush(sent::add);
        assertTrue(sent.isEmpty(), "1 is not settled: nothing may be acknowledged yet");
        tracker.settle(a, true);
        tracker.flush(sent::add);
        assertEquals(List.of(new BasicMethod.Ack(3, true)), sent);
    }

    @Test
    void nacksAreSentSinglyBetweenAckRuns() {
        for (int i = 0; i < 5; i++) {
            long seq = tracker.next();
            tracker.settle(seq, seq != 3);
        }
        tracker.flush(sent::add);
        assertEquals(List.of(new BasicMethod.Ack(2, true), new BasicMethod.Nack(3, false, false),
                new BasicMethod.Ack(5, true)), sent);
    }

    @Test
    void laterBatchesContinueWhereTheLastEnded() {
        tracker.settle(tracker.next(), true);
        tracker.flush(sent::add);
        tracker.settle(tracker.next(), true);
        tracker.settle(tracker.next(), true);
        tracker.flush(sent::add);
        assertEquals(List.of(new BasicMethod.Ack(1, false), new BasicMethod.Ack(3, true)), sent);
    }
}
