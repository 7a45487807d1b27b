package io.warren.broker.queue;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which consumer gets the next message: round-robin, or the single active one and its handover. */
class QueueConsumersTest {
    private static final DeliveryTarget TARGET = new DeliveryTarget() {
        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void deliver(List<QueueEntry> batch) {
        }

        @Override
        public void consumerCancelledByQueue(Consumer consumer) {
        }

        @Override
        public String describe() {
            return "test";
        }
    };

    private static Consumer consumer(String tag, int prefetch) {
        return new Consumer(tag, TARGET, false, false, new Credit(prefetch), new Credit(0), Map.of(), null);
    }

    @Test
    void roundRobinOverConsumersWithCredit() {
        QueueConsumers cs = new QueueConsumers(Map.of());
        Consumer a = consumer("a", 1);
        Consumer b = consumer("b", 2);
        cs.add(a);
        cs.add(b);
        assertSame(a, cs.next());
        assertSame(b, cs.next());
        assertSame(b, cs.next(), "a has no credit left");
        assertNull(cs.next());
        assertFalse(a.waiting());
        assertFalse(b.waiting());
    }

    @Test
    void aSingleActiveConsumerHandsOverOnceWhatItHeldIsSettled() {
        QueueConsumers cs = new QueueConsumers(Map.of("x-single-active-consumer", true));
        Consumer a = consumer("a", 10);
        Consumer b = consumer("b", 10);
        cs.add(a);
        cs.add(b);
        assertFalse(a.waiting());
        assertTrue(b.waiting());
        assertSame(a, cs.next());
        cs.delivered(a);
        assertSame(a, cs.next(), "only the first consumer, while it has credit");
        cs.delivered(a);
        assertFalse(cs.settled(a), "a is still active");
        cs.remove(a);
        assertNull(cs.next(), "b waits for the delivery a still holds");
        assertTrue(b.waiting());
        assertFalse(cs.canTakeMore());
        assertTrue(cs.settled(a), "the last of a's deliveries settled: b takes over");
        assertFalse(b.waiting());
        assertSame(b, cs.next());
        assertEquals(1, cs.size());
    }

    @Test
    void aSingleActiveConsumerWithNothingUnsettledHandsOverAtOnce() {
        QueueConsumers cs = new QueueConsumers(Map.of("x-single-active-consumer", true));
        Consumer a = consumer("a", 10);
        Consumer b = consumer("b", 10);
        cs.add(a);
        cs.add(b);
        cs.delivered(a);
        cs.settled(a);
        cs.remove(a);
        assertFalse(b.waiting());
        assertSame(b, cs.next());
        assertTrue(cs.canTakeMore());
    }
}
