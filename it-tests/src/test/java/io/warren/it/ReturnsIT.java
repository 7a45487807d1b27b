package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Return;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** basic.publish mandatory and immediate: basic.return of unroutable messages, and its order against confirms. */
class ReturnsIT extends RoutingTestCase {

    @Test
    void mandatoryUnroutableMessageIsReturnedIntact() throws Exception {
        String x = exchange("direct");
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/octet-stream").contentEncoding("identity")
                .headers(Map.of("h1", "v1", "h2", 42)).deliveryMode(2).priority(5).correlationId("corr-1")
                .replyTo("reply-queue").expiration("60000").messageId("msg-1").timestamp(new Date(1_700_000_000_000L))
                .type("order.created").appId("returns-it").build();
        BlockingQueue<Return> returns = recordReturns();
        channel.basicPublish(x, "rk.1", true, props, body);
        Return r = nextReturn(returns);
        assertEquals(AMQP.NO_ROUTE, r.getReplyCode());
        assertEquals("NO_ROUTE", r.getReplyText());
        assertEquals(x, r.getExchange());
        assertEquals("rk.1", r.getRoutingKey());
        assertArrayEquals(body, r.getBody());
        AMQP.BasicProperties p = r.getProperties();
        assertEquals("application/octet-stream", p.getContentType());
        assertEquals("identity", p.getContentEncoding());
        assertEquals("v1", p.getHeaders().get("h1").toString());
        assertEquals(42, p.getHeaders().get("h2"));
        assertEquals(2, p.getDeliveryMode());
        assertEquals(5, p.getPriority());
        assertEquals("corr-1", p.getCorrelationId());
        assertEquals("reply-queue", p.getReplyTo());
        assertEquals("60000", p.getExpiration());
        assertEquals("msg-1", p.getMessageId());
        assertEquals(new Date(1_700_000_000_000L), p.getTimestamp());
        assertEquals("order.created", p.getType());
        assertEquals("returns-it", p.getAppId());
    }

    @Test
    void mandatoryToAMissingQueueOnTheDefaultExchangeIsReturned() throws Exception {
        String missing = unique("no-such-queue");
        BlockingQueue<Return> returns = recordReturns();
        publishMandatory("", missing, "m");
        Return r = nextReturn(returns);
        assertEquals(AMQP.NO_ROUTE, r.getReplyCode());
        assertEquals("", r.getExchange());
        assertEquals(missing, r.getRoutingKey());
        assertEquals("m", body(r.getBody()));
    }

    @Test
    void returnsComeInPublishOrderAndOnlyForUnroutableMessages() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "bound");
        String empty = exchange("fanout");
        channel.exchangeBind(empty, x, "to-empty-exchange"); // routes to an exchange that routes nowhere
        BlockingQueue<Return> returns = recordReturns();
        publishMandatory(x, "a", "r1");
        publishMandatory(x, "bound", "delivered");
        publishMandatory(x, "to-empty-exchange", "r2");
        publishMandatory(x, "b", "r3");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(body(nextReturn(returns).getBody()));
        }
        assertEquals(List.of("r1", "r2", "r3"), got);
        assertEquals(List.of("delivered"), drain(q));
    }

    @Test
    void withConfirmsTheReturnArrivesBeforeTheAck() throws Exception {
        String x = exchange("direct");
        String q = boundQueue(x, "bound");
        List<String> events = new ArrayList<>();
        channel.addReturnListener(r -> {
            synchronized (events) {
                events.add("return:" + body(r.getBody()));
            }
        });
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long deliveryTag, boolean multiple) {
                synchronized (events) {
                    events.add("ack:" + deliveryTag);
                }
            }

            @Override
            public void handleNack(long deliveryTag, boolean multiple) {
                synchronized (events) {
                    events.add("nack:" + deliveryTag);
                }
            }
        });
        channel.confirmSelect();
        publishMandatory(x, "unbound", "m1");
        channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        publishMandatory(x, "bound", "m2");
        channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        synchronized (events) {
            assertEquals(List.of("return:m1", "ack:1", "ack:2"), events);
        }
        assertEquals(List.of("m2"), drain(q));
    }

    @Test
    void nonMandatoryUnroutableMessagesAreDroppedSilentlyAndStillConfirmed() throws Exception {
        String x = exchange("direct");
        BlockingQueue<Return> returns = recordReturns();
        channel.confirmSelect();
        publish(x, "a", "dropped-1");
        publish(x, "b", "dropped-2");
        channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        publishMandatory(x, "c", "marker");
        Return r = nextReturn(returns);
        assertEquals("marker", body(r.getBody())); // nothing was returned before it
        channel.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }

    @Test
    void mandatoryRoutableMessagesAreNotReturned() throws Exception {
        String x = exchange("fanout");
        String q = boundQueue(x, "");
        String unroutable = exchange("direct");
        BlockingQueue<Return> returns = recordReturns();
        publishMandatory(x, "k", "delivered");
        publishMandatory(unroutable, "k", "marker");
        assertEquals("marker", body(nextReturn(returns).getBody()));
        assertEquals(List.of("delivered"), drain(q));
    }

    @Test
    void immediateIsNotImplemented() throws Exception {
        String q = channel.queueDeclare().getQueue();
        channel.basicPublish("", q, false, true, null, "m".getBytes());
        expectConnectionError(AMQP.NOT_IMPLEMENTED, "NOT_IMPLEMENTED - immediate=true");
        assertNotNull(channel.queueDeclare()); // a new connection works
    }
}
