package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Declaring streams, consuming rules, headers, independent replays and restarts (RabbitMQ's texts). */
class StreamQueueIT extends StreamTestCase {
    private Map<String, Object> streamArgs(String key, Object value) {
        Map<String, Object> args = new HashMap<>();
        args.put("x-queue-type", "stream");
        args.put(key, value);
        return args;
    }

    @Test
    void streamsMustBeDurableNotExclusiveNotAutoDelete() throws Exception {
        Map<String, Object> args = Map.of("x-queue-type", "stream");
        assertEquals("406 PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue 's-excl' in vhost '/'",
                errorOf(() -> channel.queueDeclare("s-excl", true, true, false, args)));
        assertEquals("406 PRECONDITION_FAILED - invalid property 'auto-delete' for queue 's-ad' in vhost '/'",
                errorOf(() -> channel.queueDeclare("s-ad", true, false, true, args)));
        assertEquals("406 PRECONDITION_FAILED - invalid property 'non-durable' for queue 's-nd' in vhost '/'",
                errorOf(() -> channel.queueDeclare("s-nd", false, false, false, args)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-message-ttl", "x-max-length", "x-dead-letter-exchange", "x-dead-letter-routing-key",
            "x-max-priority", "x-expires", "x-overflow", "x-single-active-consumer", "x-queue-mode",
            "x-delivery-limit"})
    void argumentsThatMakeNoSenseOnAStreamAreRefused(String arg) throws Exception {
        Object value = switch (arg) {
            case "x-dead-letter-exchange", "x-dead-letter-routing-key" -> "dlx";
            case "x-overflow" -> "reject-publish";
            case "x-queue-mode" -> "lazy";
            case "x-single-active-consumer" -> true;
            default -> 5;
        };
        assertEquals("406 PRECONDITION_FAILED - invalid arg '" + arg + "' for queue 's-refused' in vhost '/' of "
                + "queue type rabbit_stream_queue",
                errorOf(() -> channel.queueDeclare("s-refused", true, false, false, streamArgs(arg, value))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7D", "12h", "30m", "10s", "1Y", "1M"})
    void maxAgeTakesRabbitMqUnits(String age) throws Exception {
        String q = unique("s-age");
        channel.queueDeclare(q, true, false, false, streamArgs("x-max-age", age));
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
        channel.queueDelete(q);
    }

    @Test
    void illTypedArgumentsAreRefusedNamingTheArgument() throws Exception {
        for (Object bad : List.of("10x", "0s", "h", 10)) {
            assertTrue(errorOf(() -> channel.queueDeclare("s-bad", true, false, false, streamArgs("x-max-age", bad)))
                    .startsWith("406 PRECONDITION_FAILED - invalid arg 'x-max-age' for queue 's-bad'"), "" + bad);
        }
        assertTrue(errorOf(() -> channel.queueDeclare("s-bad", true, false, false,
                streamArgs("x-max-length-bytes", "abc"))).startsWith("406 PRECONDITION_FAILED - invalid arg "
                + "'x-max-length-bytes'"));
        assertTrue(errorOf(() -> channel.queueDeclare("s-bad", true, false, false,
                streamArgs("x-stream-max-segment-size-bytes", -5))).startsWith("406 PRECONDITION_FAILED - invalid "
                + "arg 'x-stream-max-segment-size-bytes'"));
        assertEquals("406 PRECONDITION_FAILED - Exceeded max value for x-stream-max-segment-size-bytes",
                errorOf(() -> channel.queueDeclare("s-bad", true, false, false,
                        streamArgs("x-stream-max-segment-size-bytes", 4_000_000_000L))));
    }

    @Test
    void redeclareWithOtherRetentionIsInequivalent() throws Exception {
        String q = unique("s-eq");
        channel.queueDeclare(q, true, false, false, streamArgs("x-max-age", "1h"));
        channel.queueDeclare(q, true, false, false, streamArgs("x-max-age", "1h"));
        assertTrue(errorOf(() -> channel.queueDeclare(q, true, false, false, streamArgs("x-max-age", "2h")))
                .startsWith("406 PRECONDITION_FAILED - inequivalent arg 'x-max-age'"));
    }

    @Test
    void consumersNeedManualAckAndAPrefetchAndNoGlobalQos() throws Exception {
        String q = declareStream(Map.of());
        String rs = "queue '" + q + "' in vhost '/'";
        assertEquals("406 PRECONDITION_FAILED - consumer prefetch count is not set for '" + rs + "'",
                errorOf(() -> channel.basicConsume(q, false, new DefaultConsumer(channel))));
        assertEquals("540 NOT_IMPLEMENTED - automatic acknowledgement not supported by stream queues " + rs,
                errorOf(() -> {
                    channel.basicQos(10);
                    channel.basicConsume(q, true, new DefaultConsumer(channel));
                }));
        assertEquals("540 NOT_IMPLEMENTED - " + rs + " does not support global qos", errorOf(() -> {
            channel.basicQos(10, false);
            channel.basicQos(10, true);
            channel.basicConsume(q, false, new DefaultConsumer(channel));
        }));
        assertEquals("540 NOT_IMPLEMENTED - basic.get not supported by stream queues " + rs,
                errorOf(() -> channel.basicGet(q, false)));
        assertEquals("540 NOT_IMPLEMENTED - queue.purge not supported by stream queues " + rs,
                errorOf(() -> channel.queuePurge(q)));
        assertTrue(errorOf(() -> {
            channel.basicQos(10);
            channel.basicConsume(q, false, offset("sometime"), new DefaultConsumer(channel));
        }).startsWith("406 PRECONDITION_FAILED - invalid arg 'x-stream-offset'"));
        assertTrue(errorOf(() -> {
            channel.basicQos(10);
            channel.basicConsume(q, false, Map.of("x-consumer-group", 5), new DefaultConsumer(channel));
        }).startsWith("406 PRECONDITION_FAILED - invalid arg 'x-consumer-group'"));
    }

    @Test
    void everyDeliveryCarriesItsOffsetAndTheRestOfThePropertiesUnchanged() throws Exception {
        String q = declareStream(Map.of());
        channel.confirmSelect();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("text/plain").messageId("m-1")
                .headers(Map.of("k", "v")).deliveryMode(2).build();
        channel.basicPublish("", q, props, "a".getBytes());
        channel.basicPublish("", q, null, "b".getBytes());
        channel.waitForConfirmsOrDie(5_000);
        assertEquals(2, channel.queueDeclarePassive(q).getMessageCount());
        List<Got> got = consume(channel, q, 10, offset("first")).take(2);
        assertEquals(List.of("a", "b"), bodies(got));
        assertEquals(List.of(0L, 1L), offsets(got));
        AMQP.BasicProperties p = got.get(0).props();
        assertEquals("text/plain", p.getContentType());
        assertEquals("m-1", p.getMessageId());
        assertEquals(2, p.getDeliveryMode());
        assertEquals("v", p.getHeaders().get("k").toString());
        assertEquals(Map.of("x-stream-offset", 1L), got.get(1).props().getHeaders());
    }

    @Test
    void bodiesUpToAndBeyondTheConsumersFrameSizeArriveWholeWithTheirRoutingData() throws Exception {
        String q = declareStream(Map.of());
        String x = unique("direct");
        channel.exchangeDeclare(x, BuiltinExchangeType.DIRECT);
        channel.queueBind(q, x, "rk");
        channel.confirmSelect();
        int[] sizes = {0, 4088, 4089, 10_000}; // 4088 fills one frame of 4096, the larger ones need several
        for (int size : sizes) {
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) size);
            channel.basicPublish(x, "rk", null, body);
        }
        channel.waitForConfirmsOrDie(5_000);
        ConnectionFactory small = factory();
        small.setRequestedFrameMax(4096);
        try (Connection c = small.newConnection()) {
            Channel ch = c.createChannel();
            ch.basicQos(10);
            BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
            ch.basicConsume(q, false, offset("first"), (tag, d) -> got.add(d), tag -> { });
            for (int i = 0; i < sizes.length; i++) {
                Delivery d = got.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(d, "delivery " + i);
                byte[] expected = new byte[sizes[i]];
                Arrays.fill(expected, (byte) sizes[i]);
                assertArrayEquals(expected, d.getBody());
                assertEquals(x, d.getEnvelope().getExchange());
                assertEquals("rk", d.getEnvelope().getRoutingKey());
                assertEquals(i + 1, d.getEnvelope().getDeliveryTag());
                assertEquals((long) i, d.getProperties().getHeaders().get("x-stream-offset"));
            }
        }
    }

    @Test
    void twoConsumersOnOneChannelGetIncreasingDeliveryTags() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 600);
        Channel ch = connection.createChannel();
        ch.basicQos(1000);
        BlockingQueue<long[]> got = new LinkedBlockingQueue<>(); // {consumer, delivery tag, offset}
        for (int k = 0; k < 2; k++) {
            long consumer = k;
            ch.basicConsume(q, false, offset("first"), (tag, d) -> got.add(new long[]{consumer,
                    d.getEnvelope().getDeliveryTag(), (Long) d.getProperties().getHeaders().get("x-stream-offset")}),
                    tag -> { });
        }
        long lastTag = 0;
        long[] nextOffset = new long[2];
        for (int i = 0; i < 1200; i++) {
            long[] d = got.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(d, "delivery " + i);
            assertEquals(lastTag + 1, d[1], "delivery tags in the order of the deliveries");
            assertEquals(nextOffset[(int) d[0]]++, d[2], "each consumer reads the stream in order");
            lastTag = d[1];
        }
        ch.basicAck(lastTag, true);
        assertEquals(600, ch.queueDeclarePassive(q).getMessageCount(), "the channel is still open");
    }

    @Test
    void twoConsumersReplayIndependentlyAndAcksRemoveNothing() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "m", 50);
        Channel slow = connection.createChannel();
        Recorder fast = consume(channel, q, 50, offset("first"));
        Recorder lagging = consume(slow, q, 1, offset("first"));
        assertEquals(50, fast.take(50).size());
        List<Got> all = lagging.take(50);
        assertEquals(0L, all.get(0).offset());
        assertEquals(49L, all.get(49).offset());
        assertEquals(50, channel.queueDeclarePassive(q).getMessageCount(), "consuming removes nothing");
        Recorder third = consume(connection.createChannel(), q, 5, offset("first"));
        assertEquals(List.of(0L, 1L, 2L), offsets(third.take(3)));
    }

    @Test
    void aConsumerAtTheEndReceivesNewMessagesAndRequeueDoesNotRedeliver() throws Exception {
        String q = declareStream(Map.of());
        publish(channel, q, "old", 3);
        Channel consumerChannel = connection.createChannel();
        Recorder r = consume(consumerChannel, q, 10, Map.of(), 0);
        publish(connection.createChannel(), q, "new", 2);
        List<Got> got = r.take(2);
        assertEquals(List.of("new0", "new1"), bodies(got));
        consumerChannel.basicNack(got.get(0).deliveryTag(), false, true);
        consumerChannel.basicReject(got.get(1).deliveryTag(), true);
        r.expectNothing();
    }

    @Test
    void anyExchangeRoutesToAStream() throws Exception {
        String q = declareStream(Map.of());
        String x = unique("fanout");
        channel.exchangeDeclare(x, BuiltinExchangeType.FANOUT);
        channel.queueBind(q, x, "");
        channel.confirmSelect();
        channel.basicPublish(x, "any", null, "via-fanout".getBytes());
        channel.waitForConfirmsOrDie(5_000);
        Got g = consume(channel, q, 1, offset("first")).take(1).get(0);
        assertEquals("via-fanout", g.body());
    }

    @Test
    void aStreamAndItsMessagesSurviveARestart() throws Exception {
        String q = declareStream(Map.of("x-max-age", "7D"));
        publish(channel, q, "m", 20);
        connection.close();
        broker.restart();
        connection = newConnection();
        channel = connection.createChannel();
        assertEquals(20, channel.queueDeclarePassive(q).getMessageCount());
        Recorder r = consume(channel, q, 5, offset("first"));
        assertEquals(0L, r.take(20).get(0).offset());
        publish(connection.createChannel(), q, "after", 1);
        Got after = r.take(1).get(0);
        assertEquals(20L, after.offset(), "offsets continue after a restart");
        channel.queueDeclare(q, true, false, false, Map.of("x-queue-type", "stream", "x-max-age", "7D"));
    }

    @Test
    void deletingAStreamCancelsItsConsumers() throws Exception {
        String q = declareStream(Map.of());
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        Channel c = connection.createChannel();
        c.basicQos(1);
        c.basicConsume(q, false, new DefaultConsumer(c) {
            @Override
            public void handleCancel(String tag) {
                cancelled.countDown();
            }
        });
        assertEquals(0, channel.queueDelete(q).getMessageCount());
        assertTrue(cancelled.await(5, java.util.concurrent.TimeUnit.SECONDS));
        try (Connection other = newConnection()) {
            Channel ch = other.createChannel();
            assertEquals(404, replyCodeOf(() -> ch.queueDeclarePassive(q)));
        }
    }
}
