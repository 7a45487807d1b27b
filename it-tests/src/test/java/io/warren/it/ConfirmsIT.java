package io.warren.it;

import com.rabbitmq.client.ConfirmListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publisher confirms (confirm.select): every publish is acked once, in order; no mixing with tx. */
class ConfirmsIT extends BrokerTestCase {

    @Test
    void everyPublishIsConfirmed() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.confirmSelect();
        for (int i = 0; i < 100; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        channel.waitForConfirmsOrDie(5_000);
        assertEquals(100, channel.queueDeclarePassive(q).getMessageCount());
        assertEquals(0, number(channel.basicGet(q, true).getBody()));
    }

    @Test
    void acksArriveInPublishOrder() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.confirmSelect();
        List<Long> acks = new ArrayList<>();
        AtomicInteger nacks = new AtomicInteger();
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                acks.add(tag); // called on the connection thread, one at a time
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                nacks.incrementAndGet();
            }
        });
        for (int i = 0; i < 500; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        channel.waitForConfirmsOrDie(5_000);
        assertEquals(0, nacks.get());
        for (int i = 1; i < acks.size(); i++) {
            assertTrue(acks.get(i) > acks.get(i - 1), "acks out of order: " + acks);
        }
        assertEquals(500L, acks.get(acks.size() - 1));
    }

    @Test
    void tenThousandAsyncPublishesAreEachAckedExactlyOnce() throws Exception {
        String q = Probes.plainQueue(channel);
        channel.confirmSelect();
        int total = 10_000;
        NavigableSet<Long> outstanding = new ConcurrentSkipListSet<>();
        AtomicInteger nacks = new AtomicInteger();
        AtomicInteger unknownAcks = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                if (multiple) {
                    NavigableSet<Long> covered = outstanding.headSet(tag, true);
                    acked.addAndGet(covered.size());
                    covered.clear();
                } else if (outstanding.remove(tag)) {
                    acked.incrementAndGet();
                } else {
                    unknownAcks.incrementAndGet();
                }
                if (acked.get() == total) {
                    done.countDown();
                }
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                nacks.incrementAndGet();
            }
        });
        for (int i = 0; i < total; i++) {
            outstanding.add(channel.getNextPublishSeqNo());
            channel.basicPublish("", q, null, body(i));
        }
        assertTrue(done.await(10, TimeUnit.SECONDS), "acked " + acked.get() + " of " + total);
        assertTrue(outstanding.isEmpty());
        assertEquals(0, nacks.get());
        assertEquals(0, unknownAcks.get());
        assertEquals(total, channel.queuePurge(q).getMessageCount());
    }

    @Test
    void unroutableMessagesAreConfirmed() throws Exception {
        channel.confirmSelect();
        channel.basicPublish("amq.direct", unique("nobody"), null, body(1));
        channel.basicPublish("amq.direct", unique("nobody"), true, null, body(2));
        assertTrue(channel.waitForConfirms(5_000));
    }

    @Test
    void aMandatoryReturnPrecedesItsConfirm() throws Exception {
        channel.confirmSelect();
        List<String> events = new ArrayList<>();
        channel.addReturnListener(r -> events.add("return " + number(r.getBody())));
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                events.add("ack " + tag);
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                events.add("nack " + tag);
            }
        });
        channel.basicPublish("amq.direct", unique("nobody"), true, null, body(1));
        channel.waitForConfirmsOrDie(5_000);
        assertEquals(List.of("return 1", "ack 1"), events);
    }

    @Test
    void confirmSelectOnATransactionalChannelIsPreconditionFailed() throws Exception {
        channel.txSelect();
        IOException e = assertThrows(IOException.class, () -> channel.confirmSelect());
        assertEquals("PRECONDITION_FAILED - cannot switch from tx to confirm mode", replyText(e));
        expectChannelError(406);
    }

    @Test
    void txSelectOnAConfirmChannelIsPreconditionFailed() throws Exception {
        channel.confirmSelect();
        IOException e = assertThrows(IOException.class, () -> channel.txSelect());
        assertEquals("PRECONDITION_FAILED - cannot switch from confirm to tx mode", replyText(e));
        expectChannelError(406);
    }

    @Test
    void confirmSelectTwiceIsFine() throws Exception {
        channel.confirmSelect();
        channel.confirmSelect();
        channel.basicPublish("amq.direct", "x", null, body(1));
        channel.waitForConfirmsOrDie(5_000);
    }
}
