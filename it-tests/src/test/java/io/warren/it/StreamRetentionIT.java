package io.warren.it;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.queue.StreamStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention drops whole segments from the oldest end, by size and by age (set by arguments or by a policy), and
 * readers skip what went.
 */
class StreamRetentionIT extends StreamTestCase {
    private static final byte[] HUNDRED = new byte[100];

    private void publishSized(String q, int n) throws Exception {
        channel.confirmSelect();
        for (int i = 0; i < n; i++) {
            channel.basicPublish("", q, null, HUNDRED);
        }
        channel.waitForConfirmsOrDie(5_000);
    }

    @Test
    void sizeRetentionKeepsTheNewestSegmentsAndNeverTheActiveOne() throws Exception {
        String q = declareStream(Map.of("x-stream-max-segment-size-bytes", 1000, "x-max-length-bytes", 3000));
        publishSized(q, 200);
        awaitCondition("the stats to catch up", Duration.ofSeconds(5), () -> stats(q).lastOffset() == 199);
        StreamStats.Snapshot s = stats(q);
        assertTrue(s.firstOffset() > 150, "old segments are gone: first offset " + s.firstOffset());
        assertTrue(s.sizeBytes() <= 3000 + 1000, "size " + s.sizeBytes());
        assertTrue(s.segments() >= 1);
        assertEquals(200 - s.firstOffset(), channel.queueDeclarePassive(q).getMessageCount());
        Got first = consume(channel, q, 10, offset("first")).take(1).get(0);
        assertEquals(s.firstOffset(), first.offset());
    }

    @Test
    void aRetentionPolicyAppliesToAnExistingStreamAtOnce() throws Exception {
        String q = declareStream(Map.of("x-stream-max-segment-size-bytes", 1000));
        publishSized(q, 200);
        awaitCondition("the stats to catch up", Duration.ofSeconds(5), () -> stats(q).lastOffset() == 199);
        assertEquals(0L, stats(q).firstOffset(), "no retention yet");
        try (BrokerAdmin admin = new BrokerAdmin(broker.broker())) {
            admin.putPolicy("/", "retain-" + q, "^" + q + "$", "queues", 0, Map.of("max-length-bytes", 3000));
            awaitCondition("retention under the policy", Duration.ofSeconds(5), () -> stats(q).firstOffset() > 150);
            assertEquals("retain-" + q, admin.queue("/", q).policy());
            admin.deletePolicy("/", "retain-" + q);
        }
        assertEquals(200 - stats(q).firstOffset(), channel.queueDeclarePassive(q).getMessageCount());
    }

    @Test
    void aPolicySegmentSizeSetsTheSegmentsOfAStreamDeclaredUnderIt() throws Exception {
        String q = unique("stream");
        try (BrokerAdmin admin = new BrokerAdmin(broker.broker())) {
            admin.putPolicy("/", "segments-" + q, "^" + q + "$", "queues", 0,
                    Map.of("stream-max-segment-size-bytes", 1000, "max-length-bytes", 3000));
            declareStream(channel, q, Map.of());
            publishSized(q, 200);
            awaitCondition("the stats to catch up", Duration.ofSeconds(5), () -> stats(q).lastOffset() == 199);
            StreamStats.Snapshot s = stats(q);
            assertTrue(s.firstOffset() > 150, "1000-byte segments rolled and retention dropped the old ones: first "
                    + "offset " + s.firstOffset());
            admin.deletePolicy("/", "segments-" + q);
        }
    }

    @Test
    void aConsumerOnRemovedDataContinuesFromTheNewFirstOffset() throws Exception {
        String q = declareStream(Map.of("x-stream-max-segment-size-bytes", 1000, "x-max-length-bytes", 2000));
        publishSized(q, 5);
        Recorder r = consume(connection.createChannel(), q, 1, offset("first"), 0);  // acks nothing itself
        Got held = r.take(1).get(0);
        assertEquals(0L, held.offset());
        publishSized(q, 100);
        awaitCondition("retention", Duration.ofSeconds(5), () -> stats(q).firstOffset() > 5);
        long first = stats(q).firstOffset();
        r.getChannel().basicAck(held.deliveryTag(), false);
        Got next = r.take(1).get(0);
        assertTrue(next.offset() >= first, "after the ack the reader skips to " + first + ", got " + next.offset());
    }

    @Test
    void ageRetentionDropsSegmentsWhoseNewestRecordIsTooOld() throws Exception {
        String q = declareStream(Map.of("x-stream-max-segment-size-bytes", 1000, "x-max-age", "1s"));
        publishSized(q, 20);
        long old = System.currentTimeMillis();
        awaitCondition("the first records to age", Duration.ofSeconds(5), () -> {
            channel.queueDeclarePassive(q);
            return System.currentTimeMillis() > old + 1_200;
        });
        publishSized(q, 20); // rolls: retention runs after a roll
        // Every sealed segment of the first batch goes; the one that was active when it aged may take new
        // records and stay, so the first offset lands at most one segment (5 records here) before 20.
        awaitCondition("age retention", Duration.ofSeconds(5), () -> stats(q).firstOffset() >= 15);
        assertTrue(consume(channel, q, 10, offset("first")).take(1).get(0).offset() >= 15);
    }
}
