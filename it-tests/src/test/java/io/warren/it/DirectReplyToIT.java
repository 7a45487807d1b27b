package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Direct reply-to (https://www.rabbitmq.com/docs/direct-reply-to): the requester consumes the pseudo-queue
 * amq.rabbitmq.reply-to in no-ack mode and publishes with reply-to = amq.rabbitmq.reply-to; the responder sees a
 * generated address and publishes the reply to it through the default exchange. {@link #channel} is the
 * requester; the responder has its own connection.
 */
class DirectReplyToIT extends RoutingTestCase {
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";

    private Connection serverConnection;
    private Channel server;
    private String requests;

    @BeforeEach
    void openServer() throws Exception {
        serverConnection = newConnection();
        server = serverConnection.createChannel();
        requests = server.queueDeclare(unique("rpc-requests"), false, false, true, null).getQueue();
    }

    @AfterEach
    void closeServer() {
        serverConnection.abort(5_000);
    }

    /** Starts consuming replies on {@link #channel}; returns where they arrive. */
    private BlockingQueue<Delivery> consumeReplies() throws IOException {
        BlockingQueue<Delivery> replies = new LinkedBlockingQueue<>();
        channel.basicConsume(REPLY_TO, true, (tag, d) -> replies.add(d), tag -> { });
        return replies;
    }

    private void sendRequest(String body) throws IOException {
        publish("", requests, new AMQP.BasicProperties.Builder().replyTo(REPLY_TO).correlationId(body).build(), body);
    }

    /** The responder takes the request; publish and get on the client channel order it after the publish. */
    private GetResponse takeRequest() throws IOException {
        channel.queueDeclarePassive(requests); // a round trip on the requester's channel: its publish was handled
        GetResponse r = server.basicGet(requests, true);
        assertNotNull(r, "the request should be in the queue");
        return r;
    }

    @Test
    void requestAndReplyRoundTrip() throws Exception {
        BlockingQueue<String> seenReplyTo = new LinkedBlockingQueue<>();
        server.basicConsume(requests, true, (tag, d) -> {
            String replyTo = d.getProperties().getReplyTo();
            seenReplyTo.add(replyTo);
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .correlationId(d.getProperties().getCorrelationId()).build();
            server.basicPublish("", replyTo, props, ("re:" + body(d.getBody())).getBytes(StandardCharsets.UTF_8));
        }, tag -> { });
        BlockingQueue<Delivery> replies = consumeReplies();
        sendRequest("ping");
        Delivery reply = replies.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reply, "no reply arrived");
        assertEquals("re:ping", body(reply.getBody()));
        assertEquals("ping", reply.getProperties().getCorrelationId());
        String replyTo = seenReplyTo.take();
        assertTrue(replyTo.startsWith(REPLY_TO + "."), replyTo);
        assertNotEquals(REPLY_TO + ".", replyTo);
        assertEquals("", reply.getEnvelope().getExchange());
        assertEquals(replyTo, reply.getEnvelope().getRoutingKey());

        sendRequest("second"); // the same address serves further requests
        Delivery second = replies.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(second);
        assertEquals("re:second", body(second.getBody()));
        assertEquals(replyTo, seenReplyTo.take());
    }

    @Test
    void consumingTheReplyPseudoQueueWithAcksIsPreconditionFailed() throws Exception {
        assertThrows(IOException.class, () -> channel.basicConsume(REPLY_TO, false, (tag, d) -> { }, tag -> { }));
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - reply consumer cannot acknowledge");
    }

    @Test
    void aSecondReplyConsumerOnTheChannelIsPreconditionFailed() throws Exception {
        consumeReplies();
        assertThrows(IOException.class, () -> channel.basicConsume(REPLY_TO, true, (tag, d) -> { }, tag -> { }));
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - reply consumer already set");
    }

    @Test
    void publishingWithReplyToButNoReplyConsumerIsPreconditionFailed() throws Exception {
        sendRequest("orphan");
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - fast reply consumer does not exist");
        channel.queueDeclarePassive(requests);
        assertEquals(null, server.basicGet(requests, true), "the rejected request must not be enqueued");
    }

    @Test
    void afterCancellingTheReplyConsumerPublishingWithReplyToIsPreconditionFailed() throws Exception {
        String tag = channel.basicConsume(REPLY_TO, true, (t, d) -> { }, t -> { });
        channel.basicCancel(tag);
        sendRequest("late");
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - fast reply consumer does not exist");
    }

    @Test
    void passiveDeclareOfThePseudoQueueSucceeds() throws Exception {
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(REPLY_TO);
        assertEquals(REPLY_TO, ok.getQueue());
        assertEquals(0, ok.getMessageCount());
    }

    @Test
    void declaringThePseudoQueueReportsOneConsumer() throws Exception {
        // rabbit_channel: "all declares to these are effectively passive. If it exists it by definition has one
        // consumer" -> queue.declare-ok(name, 0, 1).
        assertEquals(1, channel.queueDeclarePassive(REPLY_TO).getConsumerCount());
        assertEquals(1, channel.queueDeclare(REPLY_TO, false, false, false, null).getConsumerCount());
    }

    @Test
    void theResponderCanCheckThatTheRequesterIsStillThere() throws Exception {
        consumeReplies();
        sendRequest("check");
        String replyTo = takeRequest().getProps().getReplyTo();
        AMQP.Queue.DeclareOk ok = server.queueDeclarePassive(replyTo);
        assertEquals(replyTo, ok.getQueue());
        assertEquals(0, ok.getMessageCount());
        assertEquals(1, ok.getConsumerCount());

        channel.close(); // the requester goes away
        assertThrows(IOException.class, () -> server.queueDeclarePassive(replyTo));
        assertEquals(AMQP.NOT_FOUND, ((AMQP.Channel.Close) server.getCloseReason().getReason()).getReplyCode());
        assertEquals("NOT_FOUND - no queue '" + replyTo + "' in vhost '/'",
                ((AMQP.Channel.Close) server.getCloseReason().getReason()).getReplyText());
        assertTrue(serverConnection.isOpen());
        channel = connection.createChannel();
    }

    @Test
    void aMandatoryReplyIsDeliveredButCountsAsUnroutable() throws Exception {
        // Documented: with mandatory set, amq.rabbitmq.reply-to.* is treated as not a queue, so a basic.return
        // is sent although the reply reaches the requester.
        BlockingQueue<Delivery> replies = consumeReplies();
        sendRequest("mandatory");
        String replyTo = takeRequest().getProps().getReplyTo();
        BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        server.addReturnListener(returns::add);
        server.basicPublish("", replyTo, true, null, "reply".getBytes(StandardCharsets.UTF_8));
        server.basicPublish("", unique("no-such-queue"), true, null, "marker".getBytes(StandardCharsets.UTF_8));
        Delivery reply = replies.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(reply);
        assertEquals("reply", body(reply.getBody()));
        Return r = returns.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals("reply", body(r.getBody()), "the mandatory reply should be returned before the marker");
        assertEquals(AMQP.NO_ROUTE, r.getReplyCode());
        assertEquals(replyTo, r.getRoutingKey());
    }

    @Test
    void aReplyToARequesterThatWentAwayIsDropped() throws Exception {
        consumeReplies();
        sendRequest("gone");
        String replyTo = takeRequest().getProps().getReplyTo();
        channel.close();
        server.basicPublish("", replyTo, null, "too late".getBytes(StandardCharsets.UTF_8));
        server.basicPublish("", requests, null, "marker".getBytes(StandardCharsets.UTF_8));
        assertEquals("marker", body(server.basicGet(requests, true).getBody())); // the server channel is fine
        channel = connection.createChannel();
    }
}
