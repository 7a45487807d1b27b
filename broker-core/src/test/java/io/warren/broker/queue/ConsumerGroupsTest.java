package io.warren.broker.queue;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acknowledged position of a group consumer and the membership of groups, without a broker. */
class ConsumerGroupsTest {
    private final Map<String, Long> stored = new HashMap<>();
    private final GroupOffsetStore store = new GroupOffsetStore() {
        @Override
        public void commit(String vhost, String stream, String group, long offset) {
            stored.put(group, offset);
        }

        @Override
        public void delete(String vhost, String stream, String group) {
            stored.remove(group);
        }

        @Override
        public Map<String, Long> load(String vhost, String stream) {
            return stored;
        }
    };

    @Test
    void thePositionIsTheEndOfTheAcknowledgedPrefix() {
        AckWindow w = new AckWindow(-1);
        for (long o = 0; o < 40; o++) {
            w.delivered(o); // grows past its initial 16 slots
        }
        assertFalse(w.acked(1));
        assertEquals(-1, w.position());
        assertTrue(w.acked(0));
        assertEquals(1, w.position());
        for (long o = 39; o >= 2; o--) {
            w.acked(o);
        }
        assertEquals(39, w.position());
        assertEquals(0, w.outstanding());
        assertFalse(w.acked(99), "unknown offsets are ignored");
    }

    @Test
    void aReturnedDeliveryFreezesThePositionBeforeIt() {
        AckWindow w = new AckWindow(9);
        w.delivered(10);
        w.delivered(11);
        w.delivered(12);
        w.acked(10);
        w.returned(11);
        w.acked(12);
        assertTrue(w.frozen());
        assertEquals(10, w.position());
    }

    private StreamConsumer member(String group) {
        return new StreamConsumer(null, group, StreamOffset.FIRST, 0);
    }

    @Test
    void oneActiveMemberAndTheOldestStandbyTakesOver() {
        ConsumerGroups groups = new ConsumerGroups(Map.of("g", 4L), store, "/", "s");
        assertEquals(4, groups.committed("g"));
        StreamConsumer a = member("g");
        StreamConsumer b = member("g");
        StreamConsumer c = member("g");
        assertTrue(groups.join(a));
        assertFalse(groups.join(b));
        assertFalse(groups.join(c));
        a.active = true;
        a.window = new AckWindow(4);
        a.window.delivered(5);
        a.window.delivered(6);
        groups.acked(a, 5);
        assertEquals(5, groups.committed("g"));
        assertNull(groups.leave(c), "a standby leaving hands nothing over");
        assertSame(b, groups.leave(a));
        groups.flush();
        assertEquals(5L, stored.get("g"));
        assertEquals(Map.of("g", 5L), groups.snapshot());
        assertFalse(groups.reset("g"), "b is still a member");
        groups.leave(b);
        assertTrue(groups.reset("g"));
        assertEquals(-1, groups.committed("g"));
        assertNull(stored.get("g"));
    }

    @Test
    void lateAcksOfAConsumerThatHandedOverAreIgnored() {
        ConsumerGroups groups = new ConsumerGroups(Map.of(), store, "/", "s");
        StreamConsumer a = member("g");
        groups.join(a);
        a.window = new AckWindow(-1);
        a.window.delivered(0);
        groups.leave(a);
        a.active = false;
        groups.acked(a, 0);
        assertEquals(-1, groups.committed("g"));
    }
}
