package io.warren.it.raw;

import io.warren.codec.AmqpConstants;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.ConnectionMethod;
import io.warren.it.BrokerLogWatch;
import io.warren.it.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol header and connection tuning (0-9-1 §4.2.2, §1.4.2.6): a header the broker does not speak is answered
 * with {@code AMQP 0 0 9 1} and a close; tune-ok values above what the server offered, or below the minimum
 * frame size, are NOT_ALLOWED (530), as RabbitMQ's {@code validate_negotiated_integer_value} rules; a client that
 * does not finish the handshake within the handshake timeout is dropped. The broker here has a 1 s timeout.
 */
class ProtocolNegotiationIT {
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 1_000;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withHandshakeTimeout(HANDSHAKE_TIMEOUT_MILLIS));
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();

    private static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    private static void assertHeaderRefused(byte[] sent) throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            c.sendBytes(sent);
            assertArrayEquals(AMQP_0_9_1, c.readBytes(8), "the broker answers with the header it supports");
            c.expectEof(RawClient.TIMEOUT);
        }
    }

    @Test
    @Spec(section = "4.2.2")
    void olderProtocolRevisionIsAnsweredWithOurHeader() throws Exception {
        assertHeaderRefused(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 0});
    }

    @Test
    @Spec(section = "4.2.2")
    void httpRequestIsAnsweredWithOurHeader() throws Exception {
        assertHeaderRefused("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @Spec(section = "4.2.2")
    void httpResponseLineIsAnsweredWithOurHeader() throws Exception {
        assertHeaderRefused("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @Spec(section = "4.2.2")
    void amqp10HeaderIsAnsweredWithOurHeader() throws Exception {
        // RabbitMQ 3.x without the AMQP 1.0 plugin refuses 1.0 the same way.
        assertHeaderRefused(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
    }

    /** rabbit_reader: "the protocol header for 0-9, which we can safely treat as though it were 0-9-1". */
    @Test
    @Spec(section = "4.2.2")
    void amqp09HeaderIsServedAsZeroNine() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            c.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
            ConnectionMethod.Start start = c.read(0, ConnectionMethod.Start.class);
            assertEquals(0, start.versionMajor());
            assertEquals(9, start.versionMinor());
        }
    }

    @Test
    @Spec(section = "4.2.2")
    void headerSplitAcrossWritesIsAccepted() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            c.sendBytes(new byte[] {'A', 'M', 'Q'}).sendBytes(new byte[] {'P', 0, 0, 9, 1});
            ConnectionMethod.Start start = c.read(0, ConnectionMethod.Start.class);
            assertEquals(0, start.versionMajor());
            assertEquals(9, start.versionMinor());
            assertTrue((" " + start.mechanisms() + " ").contains(" PLAIN "), start.mechanisms());
            assertTrue((" " + start.mechanisms() + " ").contains(" AMQPLAIN "), start.mechanisms());
            assertEquals("en_US", start.locales());
        }
    }

    @Test
    @Spec(section = "1.4.2.6")
    void tuneOkWithFrameMaxAboveTheServersIsNotAllowed() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            ConnectionMethod.Tune tune = c.negotiateUntilTune();
            c.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax() + 1, 0));
            ConnectionMethod.Close close = c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
            assertTrue(close.replyText().contains("frame_max"), close.replyText());
        }
    }

    @Test
    @Spec(section = "1.4.2.6")
    void tuneOkWithUnlimitedFrameMaxIsNotAllowedWhenTheServerHasALimit() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            ConnectionMethod.Tune tune = c.negotiateUntilTune();
            c.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), 0, 0));
            c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
        }
    }

    @Test
    @Spec(section = "4.2.3")
    void tuneOkWithFrameMaxBelowTheMinimumIsNotAllowed() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            ConnectionMethod.Tune tune = c.negotiateUntilTune();
            c.send(0, new ConnectionMethod.TuneOk(tune.channelMax(), AmqpConstants.FRAME_MIN_SIZE - 1, 0));
            c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
        }
    }

    @Test
    @Spec(section = "1.4.2.6")
    void tuneOkWithChannelMaxAboveTheServersIsNotAllowed() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            ConnectionMethod.Tune tune = c.negotiateUntilTune();
            c.send(0, new ConnectionMethod.TuneOk(tune.channelMax() + 1, tune.frameMax(), 0));
            ConnectionMethod.Close close = c.expectConnectionClose(ReplyCode.NOT_ALLOWED);
            assertTrue(close.replyText().contains("channel_max"), close.replyText());
        }
    }

    @Test
    @Spec(section = "1.4.2.6")
    void tuneOkWithLowerValuesIsAccepted() throws Exception {
        try (RawClient c = RawClient.connect(broker.port()).tuneOk(3, AmqpConstants.FRAME_MIN_SIZE, 0)) {
            c.negotiateOpen().openChannel(1).openChannel(3);
        }
    }

    @Test
    @Spec(section = "rabbit.handshake_timeout")
    void silentClientIsDroppedAfterTheHandshakeTimeout() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            long t0 = System.nanoTime();
            c.expectEof(Duration.ofMillis(HANDSHAKE_TIMEOUT_MILLIS + 4_000));
            long elapsed = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(elapsed >= HANDSHAKE_TIMEOUT_MILLIS - 200, "dropped after " + elapsed + " ms");
        }
    }

    @Test
    @Spec(section = "rabbit.handshake_timeout")
    void clientStalledAfterConnectionStartIsDropped() throws Exception {
        try (RawClient c = RawClient.connect(broker.port())) {
            c.startConnection();
            c.expectEof(Duration.ofMillis(HANDSHAKE_TIMEOUT_MILLIS + 4_000));
        }
    }

    @Test
    @Spec(section = "rabbit.handshake_timeout")
    void handshakeTimeoutDoesNotApplyOnceOpen() throws Exception {
        try (RawClient c = RawClient.connect(broker.port()).negotiateOpen()) {
            // Watch the socket for twice the handshake timeout: nothing may arrive, in particular no close.
            long deadline = System.nanoTime() + Duration.ofMillis(2 * HANDSHAKE_TIMEOUT_MILLIS).toNanos();
            RawClient.RawFrame f = c.readFrameUntil(deadline);
            assertEquals(null, f, "unexpected frame on an idle open connection");
            c.openChannel(1);
        }
    }
}
