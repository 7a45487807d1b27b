package io.warren.broker.queue;

import io.warren.codec.AmqpException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which consumer gets the next message: round-robin, or the single active one and its handover. */
class QueueConsumersTest {
    /** Always writable; the tests here never deliver. */
    private static final DeliveryTarget TARGET = new StreamQueueTest.Target();

    private static Consumer consumer(String tag, int prefetch) {
        return consumer(tag, prefetch, Map.of());
    }

    private static Consumer consumer(String tag, int prefetch, Map<String, Object> args) {
        return new Consumer(tag, TARGET, false, false, new Credit(prefetch), new Credit(0), args, null);
    }

    @Test
    void higherPrioritiesFirstWhileTheyHaveCreditRoundRobinWithinOne() {
        QueueConsumers cs = new QueueConsumers(Map.of());
        Consumer low = consumer("low", 10, Map.of("x-priority", -1));
        Consumer mid1 = consumer("mid1", 10);
        Consumer high = consumer("high", 2, Map.of("x-priority", 10L));
        Consumer mid2 = consumer("mid2", 10, Map.of("x-priority", (short) 0));
        for (Consumer c : List.of(low, mid1, high, mid2)) {
            cs.add(c, null);
        }
        assertSame(high, cs.next());
        assertSame(high, cs.next());
        List<Consumer> mids = List.of(cs.next(), cs.next(), cs.next(), cs.next());
        assertEquals(2, mids.stream().filter(c -> c == mid1).count(), "round-robin among priority 0: " + mids);
        assertEquals(2, mids.stream().filter(c -> c == mid2).count());
        high.prefetch().release(1);
        assertSame(high, cs.next(), "credit back: the highest priority again");
        cs.remove(mid1);
        cs.remove(mid2);
        cs.remove(high);
        assertSame(low, cs.next());
    }

    @Test
    void aPriorityThatIsNotAnIntegerIsRefused() {
        QueueConsumers cs = new QueueConsumers(Map.of());
        AmqpException e = assertThrows(AmqpException.class,
                () -> cs.add(consumer("c", 1, Map.of("x-priority", "high")), null));
        assertEquals(406, e.code().value());
        assertTrue(e.replyText().endsWith("\"expected integer, got longstr\""), e.replyText());
        assertEquals(0, cs.size());
    }

    @Test
    void roundRobinOverConsumersWithCredit() {
        QueueConsumers cs = new QueueConsumers(Map.of());
        Consumer a = consumer("a", 1);
        Consumer b = consumer("b", 2);
        cs.add(a, null);
        cs.add(b, null);
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
        cs.add(a, null);
        cs.add(b, null);
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
        cs.add(a, null);
        cs.add(b, null);
        cs.delivered(a);
        cs.settled(a);
        cs.remove(a);
        assertFalse(b.waiting());
        assertSame(b, cs.next());
        assertTrue(cs.canTakeMore());
    }
}
