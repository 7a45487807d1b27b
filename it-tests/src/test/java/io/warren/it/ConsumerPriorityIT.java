package io.warren.it;

import com.rabbitmq.client.Channel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Consumer priorities ({@code x-priority} on basic.consume): a higher-priority consumer gets messages while it has
 * credit, the next level only what it cannot take; within a level, round-robin. The same sequence was first run
 * against RabbitMQ 3.10, with these results.
 */
class ConsumerPriorityIT extends BrokerTestCase {

    private Channel consume(String q, String tag, int prefetch, Object priority, BlockingQueue<String> got)
            throws Exception {
        Channel ch = connection.createChannel();
        ch.basicQos(prefetch);
        Map<String, Object> args = new HashMap<>();
        if (priority != null) {
            args.put("x-priority", priority);
        }
        ch.basicConsume(q, false, tag, false, false, args,
                (t, d) -> got.add(t + ":" + new String(d.getBody(), StandardCharsets.UTF_8)), t -> { });
        return ch;
    }

    private static List<String> take(BlockingQueue<String> got, int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String s = got.poll(5, TimeUnit.SECONDS);
            assertNotNull(s, "delivery " + (i + 1) + " of " + n + "; got " + out);
            out.add(s);
        }
        out.sort(null);
        return out;
    }

    @Test
    void theHighestPriorityTakesWhatItHasCreditForAndTheNextLevelTheRest() throws Exception {
        String q = unique("prio");
        channel.queueDeclare(q, false, false, true, null);
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        consume(q, "lo", 10, -1, got);
        consume(q, "mid", 10, null, got);
        Channel hi = consume(q, "hi", 2, 10L, got);
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", q, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("hi:m0", "hi:m1", "mid:m2", "mid:m3", "mid:m4"), take(got, 5),
                "the low-priority consumer gets nothing while the others can take");
        hi.basicAck(1, false);
        channel.basicPublish("", q, null, "m5".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("hi:m5"), take(got, 1));
    }

    @Test
    void aPriorityThatIsNotAnIntegerIsRefused() throws Exception {
        String q = unique("prio");
        channel.queueDeclare(q, false, false, true, null);
        assertThrows(Exception.class, () -> channel.basicConsume(q, false, Map.of("x-priority", "high"),
                (t, d) -> { }, t -> { }));
        expectChannelError(406, "PRECONDITION_FAILED - invalid arg 'x-priority' for queue '" + q
                + "' in vhost '/': \"expected integer, got longstr\"");
    }
}
