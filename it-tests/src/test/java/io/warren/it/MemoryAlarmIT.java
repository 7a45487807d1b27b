package io.warren.it;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** connection.blocked / unblocked under the memory alarm, as RabbitMQ's publishers see it. */
class MemoryAlarmIT extends BrokerTestCase {
    @AfterEach
    void resetWatermark() {
        broker.broker().memoryAlarm().setWatermark(0.4);
    }

    @Test
    void publishersAreBlockedWhileTheAlarmIsOnAndResumeAfter() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        connection.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                events.add("blocked: " + reason);
            }

            @Override
            public void handleUnblocked() {
                events.add("unblocked");
            }
        });
        String q = unique("alarm");
        channel.queueDeclare(q, false, false, true, null);
        channel.basicPublish("", q, null, "before".getBytes());
        channel.queueDeclarePassive(q); // round trip: the publish has been read

        broker.broker().memoryAlarm().setWatermark(1e-9);
        assertEquals("blocked: low on memory", events.poll(5, TimeUnit.SECONDS));
        channel.basicPublish("", q, null, "during".getBytes()); // buffered: the broker no longer reads

        try (Connection other = newConnection()) {
            Channel ch = other.createChannel();
            assertEquals(1, ch.queueDeclarePassive(q).getMessageCount(), "the blocked publish is not read");
            broker.broker().memoryAlarm().setWatermark(0.4);
            assertEquals("unblocked", events.poll(5, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ch.queueDeclarePassive(q).getMessageCount() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, ch.queueDeclarePassive(q).getMessageCount());
        }
    }
}
