package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Command;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.AccessMethod;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import io.warren.codec.method.QueueMethod;
import io.warren.codec.types.FieldTable;
import io.warren.it.raw.RawClient;
import io.warren.it.raw.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channel lifecycle (0-9-1 §2.2.4, §1.5.2): opening and closing from either side, channel.flow, access.request,
 * and the closing state in which everything but close and close-ok is ignored. Expected codes are RabbitMQ's
 * ({@code rabbit_channel}).
 */
class ChannelIT extends BrokerTestCase {
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();

    private RawClient raw() throws IOException {
        return RawClient.connect(broker.port()).negotiateOpen();
    }

    @Test
    void clientOpensAndClosesChannels() throws Exception {
        Channel second = connection.createChannel();
        assertTrue(second.isOpen());
        assertFalse(second.getChannelNumber() == channel.getChannelNumber());
        second.close();
        assertFalse(second.isOpen());
        ShutdownSignalException reason = second.getCloseReason();
        assertTrue(reason.isInitiatedByApplication());
        // The first channel is unaffected, and the number can be used again.
        channel.queueDeclare("", false, true, true, null);
        Channel reused = connection.createChannel(second.getChannelNumber());
        assertNotNull(reused);
        reused.queueDeclare("", false, true, true, null);
    }

    @Test
    void brokerClosesTheChannelOnASoftErrorAndLeavesTheOthersUsable() throws Exception {
        Channel other = connection.createChannel();
        String q = other.queueDeclare().getQueue();
        assertThrows(IOException.class, () -> channel.queueDeclarePassive(unique("missing")));
        assertFalse(channel.isOpen());
        assertEquals(404, ((AMQP.Channel.Close) channel.getCloseReason().getReason()).getReplyCode());
        assertTrue(connection.isOpen());
        other.basicPublish("", q, null, "still here".getBytes(StandardCharsets.UTF_8));
        assertEquals("still here", new String(other.basicGet(q, true).getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void passiveDeclareOfMissingQueueIsNotFound() throws Exception {
        assertEquals(404, replyCodeOf(() -> channel.queueDeclarePassive(unique("missing"))));
        expectChannelError(404);                            // closed with 404, and the connection still works
    }

    @Test
    @Spec(section = "1.5.2.3")
    void flowActiveFalseIsNotImplementedAndClosesTheConnection() throws Exception {
        IOException e = assertThrows(IOException.class,
                () -> channel.rpc(new AMQP.Channel.Flow.Builder().active(false).build()));
        ShutdownSignalException sse = assertInstanceOf(ShutdownSignalException.class, e.getCause());
        assertTrue(sse.isHardError(), "RabbitMQ answers flow(active=false) with a connection error");
        assertEquals(540, ((AMQP.Connection.Close) sse.getReason()).getReplyCode(), sse.getMessage());
        assertFalse(connection.isOpen());
        assertThrows(AlreadyClosedException.class, () -> connection.createChannel());
    }

    @Test
    @Spec(section = "1.5.2.3")
    void flowActiveTrueIsAnsweredWithFlowOk() throws Exception {
        Command reply = channel.rpc(new AMQP.Channel.Flow.Builder().active(true).build());
        AMQP.Channel.FlowOk ok = assertInstanceOf(AMQP.Channel.FlowOk.class, reply.getMethod());
        assertTrue(ok.getActive());
        assertTrue(channel.isOpen());
    }

    @Test
    @Spec(section = "access.request (0-9-1 keeps it for compatibility)")
    void accessRequestIsAnsweredWithTicketOne() throws Exception {
        try (RawClient c = raw()) {
            c.openChannel(1).send(1, new AccessMethod.Request("/data", false, false, true, true, true));
            assertEquals(1, c.read(1, AccessMethod.RequestOk.class).ticket());
            c.send(1, new BasicMethod.Qos(0, 1, false)).expect(1, BasicMethod.QosOk.class);
        }
    }

    @Test
    @Spec(section = "2.2.4")
    void clientCloseIsAnsweredWithCloseOkAndTheNumberCanBeReused() throws Exception {
        try (RawClient c = raw()) {
            c.openChannel(1).send(1, new ChannelMethod.Close(200, "bye", 0, 0)).expect(1, ChannelMethod.CloseOk.class);
            c.openChannel(1).send(1, new BasicMethod.Qos(0, 1, false)).expect(1, BasicMethod.QosOk.class);
        }
    }

    /** rabbit_channel: "second 'channel.open' seen" is CHANNEL_ERROR in RabbitMQ 3.8+ (COMMAND_INVALID before). */
    @Test
    @Spec(section = "1.5.2.1")
    void secondChannelOpenIsChannelError() throws Exception {
        try (RawClient c = raw()) {
            c.openChannel(1).send(1, new ChannelMethod.Open(""));
            c.expectConnectionClose(ReplyCode.CHANNEL_ERROR);
        }
    }

    /** rabbit_channel: a method before channel.open is "expected 'channel.open'", CHANNEL_ERROR (hard). */
    @Test
    @Spec(section = "2.2.4")
    void methodOnANeverOpenedChannelIsChannelError() throws Exception {
        try (RawClient c = raw()) {
            c.send(3, new BasicMethod.Qos(0, 1, false));
            String text = c.expectConnectionClose(ReplyCode.CHANNEL_ERROR).replyText();
            assertTrue(text.contains("expected 'channel.open'"), text);
        }
    }

    @Test
    @Spec(section = "2.2.4")
    void methodOnAClosedChannelIsChannelError() throws Exception {
        try (RawClient c = raw()) {
            c.openChannel(1).send(1, new ChannelMethod.Close(200, "bye", 0, 0)).expect(1, ChannelMethod.CloseOk.class)
                    .send(1, new BasicMethod.Qos(0, 10, false));
            c.expectConnectionClose(ReplyCode.CHANNEL_ERROR);
        }
    }

    /**
     * After the broker sends channel.close it ignores everything on that channel but close and close-ok (0-9-1
     * §2.2.4; rabbit_channel's closing state). The qos sent before close-ok gets no answer: the next frame on
     * channel 1 is the open-ok of the re-opened channel.
     */
    @Test
    @Spec(section = "2.2.4")
    void closingChannelIgnoresEverythingButCloseOk() throws Exception {
        try (RawClient c = raw()) {
            c.openChannel(1).openChannel(2)
                    .send(1, new QueueMethod.Declare(0, unique("missing"), true, false, false, false, false,
                            FieldTable.EMPTY));
            ChannelMethod.Close close = c.read(1, ChannelMethod.Close.class);
            assertEquals(404, close.replyCode(), close.replyText());
            c.send(1, new BasicMethod.Qos(0, 1, false))
                    .publish(1, "", "anywhere", "ignored".getBytes(StandardCharsets.UTF_8))
                    .send(1, new ChannelMethod.CloseOk())
                    .openChannel(1)
                    .send(1, new BasicMethod.Qos(0, 1, false)).expect(1, BasicMethod.QosOk.class);
            c.send(2, new BasicMethod.Qos(0, 1, false)).expect(2, BasicMethod.QosOk.class);
        }
    }

    /**
     * A client's channel.close that crosses the broker's: RabbitMQ answers it with close-ok and stays in the
     * closing state until the client's close-ok for the broker's close arrives; then the number is free again.
     */
    @Test
    @Spec(section = "2.2.4")
    void closeCrossingTheBrokersCloseIsAnsweredAndTheChannelReopens() throws Exception {
        try (RawClient c = raw()) {
            c.openChannel(1)
                    .send(1, new QueueMethod.Declare(0, unique("missing"), true, false, false, false, false,
                            FieldTable.EMPTY))
                    .send(1, new ChannelMethod.Close(200, "client closing", 0, 0));
            assertEquals(404, c.read(1, ChannelMethod.Close.class).replyCode());
            c.expect(1, ChannelMethod.CloseOk.class);
            c.send(1, new ChannelMethod.CloseOk());             // answer the broker's close, as the spec asks
            c.openChannel(1).send(1, new BasicMethod.Qos(0, 1, false)).expect(1, BasicMethod.QosOk.class);
        }
    }

    @Test
    void channelCloseFromTheJavaClientWaitsForCloseOk() throws Exception {
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        channel.addShutdownListener(closed::complete);
        channel.close();
        ShutdownSignalException sse = closed.get(5, TimeUnit.SECONDS);
        assertTrue(sse.isInitiatedByApplication());
        assertTrue(connection.isOpen());
    }
}
