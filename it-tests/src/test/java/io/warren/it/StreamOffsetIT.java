package io.warren.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every form of x-stream-offset, as RabbitMQ reads it. */
class StreamOffsetIT extends StreamTestCase {
    @Test
    void firstStartsAtTheOldestRecord() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 5);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), offsets(consume(channel, q, 10, offset("first")).take(5)));
    }

    @Test
    void nextAndNoOffsetStartAfterTheLastRecord() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 3);
        Recorder next = consume(connection.createChannel(), q, 10, offset("next"));
        Recorder dflt = consume(connection.createChannel(), q, 10, Map.of());
        publish(channel, q, "later", 1);
        assertEquals(List.of(3L), offsets(next.take(1)));
        assertEquals(List.of("later0"), bodies(dflt.take(1)));
    }

    @Test
    void lastStartsAtTheLastChunk() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "a", 1);
        publish(channel, q, "b", 1); // each confirmed publish is its own chunk
        Recorder r = consume(channel, q, 10, offset("last"));
        assertEquals(List.of(1L), offsets(r.take(1)));
        r.expectNothing();
    }

    @Test
    void lastOnAnEmptyStreamWaitsForTheFirstRecord() throws Exception {
        String q = declareStream(Map.of());
        Recorder r = consume(channel, q, 10, offset("last"));
        publish(connection.createChannel(), q, "m", 1);
        assertEquals(List.of(0L), offsets(r.take(1)));
    }

    @Test
    void numericOffsetsAreClampedToWhatExists() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 5);
        assertEquals(List.of(2L, 3L, 4L), offsets(consume(connection.createChannel(), q, 10, offset(2)).take(3)));
        assertEquals(List.of(3L, 4L), offsets(consume(connection.createChannel(), q, 10, offset(3L)).take(2)));
        assertEquals(0L, consume(connection.createChannel(), q, 10, offset(-1)).take(1).get(0).offset(),
                "RabbitMQ reads a negative offset as the first");
        Recorder beyond = consume(connection.createChannel(), q, 10, offset(100));
        beyond.expectNothing();
        publish(channel, q, "n", 1);
        assertEquals(List.of(5L), offsets(beyond.take(1)), "an offset past the end waits at the end");
    }

    @Test
    void aTimestampStartsAtTheFirstRecordPublishedAtOrAfterIt() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "before", 3);
        long nextSecond = (System.currentTimeMillis() / 1000 + 1) * 1000;
        awaitCondition("the next second", Duration.ofSeconds(5), () -> {
            channel.queueDeclarePassive(q); // a round trip paces the poll
            return System.currentTimeMillis() >= nextSecond;
        });
        publish(channel, q, "after", 2);
        Recorder r = consume(connection.createChannel(), q, 10, offset(new Date(nextSecond)));
        assertEquals(List.of("after0", "after1"), bodies(r.take(2)));
        Recorder past = consume(connection.createChannel(), q, 10, offset(new Date(nextSecond - 3_600_000)));
        assertEquals(5, past.take(5).size());
        Recorder future = consume(connection.createChannel(), q, 10, offset(new Date(nextSecond + 3_600_000)));
        future.expectNothing();
    }

    @Test
    void anIntervalMeansNowMinusTheInterval() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 4);
        assertEquals(List.of(0L, 1L, 2L, 3L), offsets(consume(channel, q, 10, offset("1h")).take(4)));
        assertEquals(List.of(0L), offsets(consume(connection.createChannel(), q, 10, offset("30m")).take(1)));
    }
}
