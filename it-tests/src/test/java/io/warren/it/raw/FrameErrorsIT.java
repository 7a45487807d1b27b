package io.warren.it.raw;

import io.warren.codec.AmqpConstants;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import io.warren.it.BrokerLogWatch;
import io.warren.it.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frame-level errors (0-9-1 §4.2.3): sizes, frame ends, types, and frames on channels they do not belong to. Each is
 * a connection error; the tests check the reply code, that the broker then closes the socket, and that it goes on
 * serving new connections. Expected codes are RabbitMQ's ({@code rabbit_reader}, {@code rabbit_command_assembler}).
 */
class FrameErrorsIT {
    private static final int FRAME_MAX = 4096;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();

    private RawClient open() throws IOException {
        RawClient c = RawClient.connect(broker.port());
        return c.tuneOk(2047, FRAME_MAX, 0).negotiateOpen();
    }

    private void assertBrokerStillServes() throws IOException {
        try (RawClient c = open()) {
            c.openChannel(1).send(1, new BasicMethod.Qos(0, 1, false)).expect(1, BasicMethod.QosOk.class);
        }
    }

    @Test
    @Spec(section = "4.2.3")
    void frameLargerThanFrameMaxIsFrameError() throws Exception {
        try (RawClient c = open()) {
            c.openChannel(1);
            // The size is checked from the frame header: the payload never needs to arrive.
            c.sendBytes(java.util.Arrays.copyOf(Frames.frame(AmqpConstants.FRAME_BODY, 1,
                    new byte[FRAME_MAX + 100], AmqpConstants.FRAME_END), 7));
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
        }
        assertBrokerStillServes();
    }

    /**
     * RabbitMQ lets a frame overshoot frame_max by up to 8 bytes ({@code ?FRAME_SIZE_FUDGE} in rabbit_reader: "quite
     * a few [clients] get it wrong - off-by 1 or 8"): a body frame whose payload is frame_max bytes is accepted.
     */
    @Test
    @Spec(section = "rabbit_reader FRAME_SIZE_FUDGE")
    void frameOvershootingFrameMaxByTheFrameOverheadIsTolerated() throws Exception {
        try (RawClient c = open()) {
            c.openChannel(1);
            String q = "fudge-" + System.nanoTime();
            c.declareQueue(1, q);
            c.send(1, new BasicMethod.Publish(0, "", q, false, false))
                    .sendContentHeader(1, FRAME_MAX)
                    .sendBody(1, new byte[FRAME_MAX]);              // total frame size frame_max + 8
            c.send(1, new BasicMethod.Get(0, q, true));
            BasicMethod.GetOk ok = c.read(1, BasicMethod.GetOk.class);
            assertEquals(0, ok.messageCount());
        }
    }

    @Test
    @Spec(section = "4.2.3")
    void badFrameEndIsFrameError() throws Exception {
        try (RawClient c = open()) {
            c.openChannel(1);
            c.sendFrame(AmqpConstants.FRAME_METHOD, 1, Frames.methodPayload(new BasicMethod.Qos(0, 1, false)), 0x00);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
        }
        assertBrokerStillServes();
    }

    @Test
    @Spec(section = "4.2.3")
    void unknownFrameTypeIsFrameError() throws Exception {
        try (RawClient c = open()) {
            c.openChannel(1);
            c.sendFrame(7, 1, new byte[] {1, 2, 3});
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
        }
        assertBrokerStillServes();
    }

    /** rabbit_reader: a heartbeat on a channel other than 0 is {@code unexpected_frame} (505). */
    @Test
    @Spec(section = "4.2.7")
    void heartbeatOnANonZeroChannelIsUnexpectedFrame() throws Exception {
        try (RawClient c = open()) {
            c.openChannel(1);
            c.sendFrame(AmqpConstants.FRAME_HEARTBEAT, 1, new byte[0]);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
        assertBrokerStillServes();
    }

    /** rabbit_command_assembler: only an empty heartbeat is a heartbeat; anything else is an unknown frame (501). */
    @Test
    @Spec(section = "4.2.7")
    void heartbeatWithAPayloadIsFrameError() throws Exception {
        try (RawClient c = open()) {
            c.sendFrame(AmqpConstants.FRAME_HEARTBEAT, 0, new byte[] {1, 2});
            c.send(1, new ChannelMethod.Open(""));      // answered with open-ok only if the heartbeat was accepted
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
        }
        assertBrokerStillServes();
    }

    @Test
    @Spec(section = "4.2.3")
    void emptyHeartbeatOnChannelZeroIsAccepted() throws Exception {
        try (RawClient c = open()) {
            c.sendHeartbeat().openChannel(1).send(1, new BasicMethod.Qos(0, 1, false))
                    .expect(1, BasicMethod.QosOk.class);
        }
    }

    /** rabbit_reader: channel 0 only carries connection methods ("unexpected method in connection state running"). */
    @Test
    @Spec(section = "2.3.5")
    void nonConnectionMethodOnChannelZeroIsChannelError() throws Exception {
        try (RawClient c = open()) {
            c.send(0, new BasicMethod.Qos(0, 1, false));
            c.expectConnectionClose(ReplyCode.CHANNEL_ERROR);
        }
        assertBrokerStillServes();
    }

    @Test
    @Spec(section = "4.2.3")
    void contentFrameOnChannelZeroIsUnexpectedFrame() throws Exception {
        try (RawClient c = open()) {
            c.sendContentHeader(0, 10);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
        assertBrokerStillServes();
    }

    @Test
    @Spec(section = "4.2.3")
    void methodArgumentsThatDoNotDecodeAreFrameError() throws Exception {
        try (RawClient c = open()) {
            c.openChannel(1);
            byte[] qos = Frames.methodPayload(new BasicMethod.Qos(0, 1, false));
            byte[] longer = java.util.Arrays.copyOf(qos, qos.length + 3);
            c.sendFrame(AmqpConstants.FRAME_METHOD, 1, longer);
            // RabbitMQ's generated decoder does not match the extra bytes and calls rabbit_misc:frame_error/2:
            // "FRAME_ERROR - cannot decode <<...>>".
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
        }
        assertBrokerStillServes();
    }

    @Test
    @Spec(section = "2.2.2")
    void openChannelStillWorksAfterAnotherConnectionsFrameError() throws Exception {
        try (RawClient healthy = open(); RawClient bad = open()) {
            healthy.openChannel(1);
            bad.sendFrame(9, 0, new byte[0]);
            bad.expectConnectionClose(ReplyCode.FRAME_ERROR);
            healthy.send(1, new ChannelMethod.Flow(true)).expect(1, ChannelMethod.FlowOk.class);
        }
    }
}
