package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.SaslConfig;
import com.rabbitmq.client.SaslMechanism;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.LongStringHelper;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ConnectionMethod;
import io.warren.it.raw.RawClient;
import io.warren.it.raw.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The connection handshake as the RabbitMQ Java client sees it: tuning, server properties and capabilities,
 * authentication (PLAIN and AMQPLAIN), virtual host access, channel_max, and closing from either side.
 */
class ConnectionHandshakeIT extends BrokerTestCase {
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();

    private ConnectionFactory defaultFactory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.port());
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }

    @Test
    @Spec(section = "1.4.2.5")
    void brokerOffersRabbitMqDefaults() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            ConnectionMethod.Tune tune = c.negotiateUntilTune();
            assertEquals(2047, tune.channelMax());
            assertEquals(131_072, tune.frameMax());
            assertEquals(60, tune.heartbeat());
        }
    }

    @Test
    void javaClientNegotiatesTheDefaults() throws Exception {
        try (Connection conn = defaultFactory().newConnection()) {
            assertEquals(131_072, conn.getFrameMax());
            assertEquals(2047, conn.getChannelMax());
            assertEquals(60, conn.getHeartbeat());
        }
        // A client asking for heartbeat 0 takes the server's value (the Java client's negotiation rule).
        assertEquals(60, connection.getHeartbeat());
    }

    @Test
    void clientMayLowerTheTuningValues() throws Exception {
        ConnectionFactory f = defaultFactory();
        f.setRequestedChannelMax(10);
        f.setRequestedFrameMax(8192);
        f.setRequestedHeartbeat(5);
        try (Connection conn = f.newConnection()) {
            assertEquals(10, conn.getChannelMax());
            assertEquals(8192, conn.getFrameMax());
            assertEquals(5, conn.getHeartbeat());
            // A body several frames long goes both ways under the lowered frame_max.
            byte[] body = new byte[5 * 8192 + 17];
            new Random(7).nextBytes(body);
            Channel ch = conn.createChannel();
            String q = ch.queueDeclare().getQueue();
            ch.basicPublish("", q, null, body);
            assertArrayEquals(body, ch.basicGet(q, true).getBody());
        }
    }

    @Test
    void serverPropertiesDescribeTheBroker() {
        Map<String, Object> props = connection.getServerProperties();
        assertEquals("Warren", String.valueOf(props.get("product")));
        for (String key : List.of("version", "platform", "copyright", "information")) {
            assertInstanceOf(LongString.class, props.get(key), key);
            assertFalse(props.get(key).toString().isBlank(), key);
        }
    }

    @Test
    void capabilitiesAreExactlyTheImplementedExtensions() {
        @SuppressWarnings("unchecked")
        Map<String, Object> caps = (Map<String, Object>) connection.getServerProperties().get("capabilities");
        assertNotNull(caps, "capabilities table");
        assertEquals(Set.of("publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "authentication_failure_close", "per_consumer_qos",
                "direct_reply_to"), caps.keySet());
        caps.forEach((k, v) -> assertEquals(Boolean.TRUE, v, k));
    }

    @Test
    void wrongPasswordIsAccessRefused() {
        ConnectionFactory f = defaultFactory();
        f.setPassword("not-the-password");
        AuthenticationFailureException e = assertThrows(AuthenticationFailureException.class, f::newConnection);
        // RabbitMQ's text when the client announced authentication_failure_close (the Java client does).
        assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the "
                + "broker logfile.", e.getMessage());
    }

    @Test
    void unknownUserIsAccessRefused() {
        ConnectionFactory f = defaultFactory();
        f.setUsername("nobody");
        AuthenticationFailureException e = assertThrows(AuthenticationFailureException.class, f::newConnection);
        assertTrue(e.getMessage().startsWith("ACCESS_REFUSED - "), e.getMessage());
    }

    @Test
    @Spec(section = "1.4.2.7")
    void unknownVirtualHostIsNotAllowed() {
        ConnectionFactory f = defaultFactory();
        f.setVirtualHost("/no-such-vhost");
        Exception e = assertThrows(Exception.class, f::newConnection);
        ShutdownSignalException sse = findShutdownSignal(e);
        assertTrue(sse.isHardError());
        AMQP.Connection.Close close = (AMQP.Connection.Close) sse.getReason();
        assertEquals(530, close.getReplyCode(), close.getReplyText());
        assertEquals("NOT_ALLOWED - vhost /no-such-vhost not found", close.getReplyText());
    }

    @Test
    void plainMechanismWorks() throws Exception {
        ConnectionFactory f = defaultFactory();
        f.setSaslConfig(DefaultSaslConfig.PLAIN);
        try (Connection conn = f.newConnection()) {
            conn.createChannel().queueDeclare("", false, true, true, null);
        }
    }

    @Test
    void amqplainMechanismWorks() throws Exception {
        ConnectionFactory f = defaultFactory();
        f.setSaslConfig(new AmqPlain());
        try (Connection conn = f.newConnection()) {
            conn.createChannel().queueDeclare("", false, true, true, null);
        }
        f.setPassword("wrong");
        assertThrows(AuthenticationFailureException.class, f::newConnection);
    }

    @Test
    void manyChannelsOnOneConnection() throws Exception {
        String q = channel.queueDeclare().getQueue();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Channel ch = connection.createChannel();
            assertNotNull(ch, "channel " + i);
            ch.basicQos(1);                                   // a round trip on each
            ch.basicPublish("", q, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            channels.add(ch);
        }
        // Publishes on different channels are not ordered with this declare: wait for all 500 to be enqueued.
        awaitCondition("500 messages in " + q, Duration.ofSeconds(5),
                () -> channel.queueDeclarePassive(q).getMessageCount() == 500);
        for (Channel ch : channels) {
            ch.close();
        }
        assertTrue(connection.isOpen());
        assertEquals(500, channel.queueDeclarePassive(q).getMessageCount());
    }

    /** RabbitMQ counts open channels: the one that would exceed channel_max is NOT_ALLOWED (530), a hard error. */
    @Test
    @Spec(section = "rabbit_reader create_channel")
    void openingMoreChannelsThanChannelMaxIsNotAllowed() throws Exception {
        try (RawClient c = RawClient.connect(broker.port()).tuneOk(5, 131_072, 0).negotiateOpen()) {
            for (int i = 1; i <= 5; i++) {
                c.openChannel(i);
            }
            c.send(6, new io.warren.codec.method.ChannelMethod.Open(""));
            c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
        }
    }

    /**
     * RabbitMQ's limit is on the number of open channels, not on channel numbers (rabbit_reader create_channel:
     * "number of channels opened (N) has reached the negotiated channel_max (M)"): channel 6 opens when fewer than
     * 5 channels are open.
     */
    @Test
    @Spec(section = "rabbit_reader create_channel")
    void channelMaxLimitsTheNumberOfOpenChannelsNotTheirNumbers() throws Exception {
        try (RawClient c = RawClient.connect(broker.port()).tuneOk(5, 131_072, 0).negotiateOpen()) {
            c.openChannel(6).send(6, new BasicMethod.Qos(0, 1, false)).expect(6, BasicMethod.QosOk.class);
        }
    }

    @Test
    void javaClientRespectsANegotiatedChannelMax() throws Exception {
        ConnectionFactory f = defaultFactory();
        f.setRequestedChannelMax(5);
        try (Connection conn = f.newConnection()) {
            assertEquals(5, conn.getChannelMax());
            for (int i = 0; i < 5; i++) {
                assertNotNull(conn.createChannel());
            }
            assertEquals(null, conn.createChannel(), "the client has no channel number left");
        }
    }

    @Test
    @Spec(section = "1.4.2.9")
    void clientCloseIsAnsweredWithCloseOkThenTheSocketCloses() throws Exception {
        try (RawClient c = RawClient.connect(broker.port()).negotiateOpen()) {
            c.openChannel(1).send(0, new ConnectionMethod.Close(200, "goodbye", 0, 0))
                    .expect(0, ConnectionMethod.CloseOk.class)
                    .expectEof(RawClient.TIMEOUT);
        }
        Connection conn = defaultFactory().newConnection();
        conn.close(5_000);                                  // throws if close-ok does not come in time
        assertFalse(conn.isOpen());
        assertTrue(conn.getCloseReason().isInitiatedByApplication());
    }

    @Test
    void hardErrorFromTheBrokerClosesTheConnection() throws Exception {
        Channel other = connection.createChannel();
        CompletableFuture<ShutdownSignalException> otherClosed = new CompletableFuture<>();
        other.addShutdownListener(otherClosed::complete);
        IOException e = assertThrows(IOException.class,
                () -> channel.rpc(new AMQP.Channel.Flow.Builder().active(false).build()));
        ShutdownSignalException sse = assertInstanceOf(ShutdownSignalException.class, e.getCause());
        assertTrue(sse.isHardError());
        assertFalse(sse.isInitiatedByApplication());
        assertFalse(connection.isOpen());
        assertTrue(otherClosed.get(5, TimeUnit.SECONDS).isHardError(), "every channel goes with the connection");
        assertThrows(AlreadyClosedException.class, () -> other.queueDeclare());
        assertThrows(AlreadyClosedException.class, () -> connection.createChannel());
        try (Connection fresh = newConnection()) {
            fresh.createChannel().queueDeclare("", false, true, true, null);
        }
    }

    private static ShutdownSignalException findShutdownSignal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ShutdownSignalException sse) {
                return sse;
            }
        }
        fail("no ShutdownSignalException in " + t);
        return null;
    }

    /** RabbitMQ's AMQPLAIN: a field table, without its length prefix, holding LOGIN and PASSWORD as long strings. */
    private static final class AmqPlain implements SaslConfig, SaslMechanism {
        @Override
        public SaslMechanism getSaslMechanism(String[] mechanisms) {
            return Arrays.asList(mechanisms).contains("AMQPLAIN") ? this : null;
        }

        @Override
        public String getName() {
            return "AMQPLAIN";
        }

        @Override
        public LongString handleChallenge(LongString challenge, String username, String password) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            entry(out, "LOGIN", username);
            entry(out, "PASSWORD", password);
            return LongStringHelper.asLongString(out.toByteArray());
        }

        private static void entry(ByteArrayOutputStream out, String key, String value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            out.write(k.length);
            out.writeBytes(k);
            out.write('S');
            out.writeBytes(new byte[] {(byte) (v.length >>> 24), (byte) (v.length >>> 16), (byte) (v.length >>> 8),
                    (byte) v.length});
            out.writeBytes(v);
        }
    }
}
