package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.admin.AdminException;
import io.warren.broker.admin.BrokerAdmin;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Server-side consumer groups on streams (a Warren extension): resume, restart, failover, one active member. */
class StreamConsumerGroupIT extends StreamTestCase {
    private static Map<String, Object> group(String g, Object offset) {
        return Map.of("x-consumer-group", g, "x-stream-offset", offset);
    }

    private void awaitCommitted(String q, String g, long offset) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Long.valueOf(offset).equals(stats(q).groupOffsets().get(g))) {
            channel.queueDeclarePassive(q); // a round trip paces the poll
            if (System.nanoTime() > deadline) {
                throw new AssertionError("group " + g + " did not commit " + offset + ": " + stats(q));
            }
        }
    }

    @Test
    void aConsumerJoiningLaterResumesAfterTheCommittedOffset() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 10);
        Channel ch = connection.createChannel();
        Recorder r = consume(ch, q, 1, group("g", "first"), 4);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), offsets(r.take(5)));
        ch.close(); // acks handed over before the consumer goes
        awaitCommitted(q, "g", 3);
        Recorder next = consume(connection.createChannel(), q, 10, group("g", "first"));
        assertEquals(4L, next.take(1).get(0).offset(), "x-stream-offset only places a group with no commit");
        Recorder otherGroup = consume(connection.createChannel(), q, 10, group("h", "first"));
        assertEquals(0L, otherGroup.take(1).get(0).offset(), "groups are independent");
    }

    @Test
    void committedOffsetsSurviveARestart() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 10);
        Recorder r = consume(connection.createChannel(), q, 5, group("g", "first"), 6);
        assertEquals(10, r.take(10).size());
        awaitCommitted(q, "g", 5);
        connection.close();
        broker.restart();
        connection = newConnection();
        channel = connection.createChannel();
        assertEquals(5L, stats(q).groupOffsets().get("g"));
        Recorder resumed = consume(channel, q, 5, group("g", "next"));
        assertEquals(List.of(6L, 7L, 8L, 9L), offsets(resumed.take(4)));
    }

    @Test
    void exactlyOneMemberIsActiveAndTheOldestStandbyTakesOver() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 6);
        Connection c1 = newConnection();
        Recorder active = consume(c1.createChannel(), q, 1, group("g", "first"), 3);
        Recorder standby = consume(connection.createChannel(), q, 10, group("g", "first"));
        Recorder younger = consume(connection.createChannel(), q, 10, group("g", "first"));
        assertEquals(List.of(0L, 1L, 2L), offsets(active.take(3)));
        standby.expectNothing();
        younger.expectNothing();
        Got unacked = active.take(1).get(0);
        assertEquals(3L, unacked.offset());
        c1.close(); // the unacked delivery is not committed: the next member gets it again
        assertEquals(List.of(3L, 4L, 5L), offsets(standby.take(3)));
        younger.expectNothing();
    }

    @Test
    void aGroupCanBeResetOnceItHasNoConsumers() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 3);
        Channel ch = connection.createChannel();
        Recorder r = consume(ch, q, 10, group("g", "first"));
        assertEquals(3, r.take(3).size());
        awaitCommitted(q, "g", 2);
        try (BrokerAdmin admin = new BrokerAdmin(broker.broker())) {
            AdminException busy = assertThrows(AdminException.class, () -> admin.resetConsumerGroup("/", q, "g"));
            assertEquals(AdminException.Kind.BAD_REQUEST, busy.kind());
            ch.close();
            admin.resetConsumerGroup("/", q, "g");
            assertEquals(Map.of(), admin.queue("/", q).stream().groupOffsets());
        }
        Recorder again = consume(connection.createChannel(), q, 10, group("g", "first"));
        assertEquals(0L, again.take(1).get(0).offset());
    }
}
