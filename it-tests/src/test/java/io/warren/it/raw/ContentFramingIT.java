package io.warren.it.raw;

import io.warren.codec.AmqpConstants;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.BasicMethod;
import io.warren.it.BrokerLogWatch;
import io.warren.it.EmbeddedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Content framing (0-9-1 §4.2.6): a content method is followed by exactly one content header and then body frames
 * adding up to the declared size. Out-of-order content is a connection error, UNEXPECTED_FRAME (505), as
 * RabbitMQ's {@code rabbit_command_assembler} raises it; a body frame overrunning the declared size is FRAME_ERROR.
 */
class ContentFramingIT {
    private static final int FRAME_MAX = 4096;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();

    private RawClient openWithChannel1() throws IOException {
        return RawClient.connect(broker.port()).tuneOk(2047, FRAME_MAX, 0).negotiateOpen().openChannel(1);
    }

    private static BasicMethod.Publish publishTo(String queue) {
        return new BasicMethod.Publish(0, "", queue, false, false);
    }

    @Test
    @Spec(section = "4.2.6")
    void contentHeaderWithoutPublishIsUnexpectedFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.sendContentHeader(1, 5);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    @Spec(section = "4.2.6")
    void bodyFrameWithoutPublishIsUnexpectedFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.sendBody(1, new byte[5]);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    @Spec(section = "4.2.6")
    void bodyFrameWhereAContentHeaderIsExpectedIsUnexpectedFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.send(1, publishTo("q")).sendBody(1, new byte[5]);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    @Spec(section = "4.2.6")
    void methodWhereAContentHeaderIsExpectedIsUnexpectedFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.send(1, publishTo("q")).send(1, new BasicMethod.Qos(0, 1, false));
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    @Spec(section = "4.2.6")
    void methodWhereABodyFrameIsExpectedIsUnexpectedFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.send(1, publishTo("q")).sendContentHeader(1, 10).sendBody(1, new byte[4])
                    .send(1, new BasicMethod.Qos(0, 1, false));
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    @Spec(section = "4.2.6")
    void contentHeaderOfAnotherClassIsUnexpectedFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.send(1, publishTo("q")).sendFrame(AmqpConstants.FRAME_HEADER, 1, Frames.headerPayload(50, 5));
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    @Spec(section = "4.2.6.2")
    void bodyFrameBeyondTheDeclaredSizeIsFrameError() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.send(1, publishTo("q")).sendContentHeader(1, 5).sendBody(1, new byte[10]);
            c.expectConnectionClose(ReplyCode.FRAME_ERROR);
        }
    }

    /**
     * RabbitMQ creates the channel process for any frame on a new channel number, and its command assembler (which
     * expects a method first) rejects a content header before the channel sees it: UNEXPECTED_FRAME, not the
     * CHANNEL_ERROR a method would get.
     */
    @Test
    @Spec(section = "4.2.6")
    void contentHeaderOnAnUnopenedChannelIsUnexpectedFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.sendContentHeader(7, 5);
            c.expectConnectionClose(ReplyCode.UNEXPECTED_FRAME);
        }
    }

    @Test
    @Spec(section = "4.2.6.2")
    void emptyBodyNeedsNoBodyFrame() throws Exception {
        try (RawClient c = openWithChannel1()) {
            c.declareQueue(1, "empty-body");
            c.send(1, publishTo("empty-body")).sendContentHeader(1, 0);
            c.send(1, new BasicMethod.Get(0, "empty-body", true));
            c.read(1, BasicMethod.GetOk.class);
            RawClient.Content content = c.readContent(1);
            assertEquals(0, content.declaredSize());
            assertTrue(content.bodyFrames().isEmpty(), "no body frame for an empty body");
            // The next frame is the answer to the next request, not a stray empty body frame.
            c.send(1, new BasicMethod.Qos(0, 1, false)).expect(1, BasicMethod.QosOk.class);
        }
    }

    @Test
    @Spec(section = "4.2.6.2")
    void bodiesAreSplitByTheNegotiatedFrameMaxBothWays() throws Exception {
        byte[] body = new byte[3 * FRAME_MAX + 123];
        new Random(42).nextBytes(body);
        try (RawClient c = openWithChannel1()) {
            c.declareQueue(1, "split");
            c.publish(1, "", "split", body);                   // the client splits at frame_max - 8
            c.send(1, new BasicMethod.Get(0, "split", true));
            c.read(1, BasicMethod.GetOk.class);
            RawClient.Content content = c.readContent(1);
            assertEquals(body.length, content.declaredSize());
            for (byte[] frame : content.bodyFrames()) {
                assertTrue(frame.length <= FRAME_MAX - AmqpConstants.FRAME_OVERHEAD,
                        "body frame of " + frame.length + " bytes exceeds the negotiated frame_max " + FRAME_MAX);
            }
            assertTrue(content.bodyFrames().size() >= 4, "frames: " + content.bodyFrames().size());
            assertArrayEquals(body, content.body());
        }
    }

    @Test
    @Spec(section = "4.2.6")
    void contentOnDifferentChannelsMayInterleave() throws Exception {
        byte[] one = "from channel one".getBytes(StandardCharsets.UTF_8);
        byte[] two = "from channel two".getBytes(StandardCharsets.UTF_8);
        try (RawClient c = openWithChannel1()) {
            c.openChannel(2).declareQueue(1, "interleaved");
            c.send(1, publishTo("interleaved")).sendContentHeader(1, one.length)
                    .send(2, publishTo("interleaved")).sendContentHeader(2, two.length)
                    .sendBody(2, two)
                    .sendBody(1, Arrays.copyOf(one, 4)).sendBody(1, Arrays.copyOfRange(one, 4, one.length));
            c.send(1, new BasicMethod.Get(0, "interleaved", true));
            c.read(1, BasicMethod.GetOk.class);
            byte[] first = c.readContent(1).body();
            c.send(1, new BasicMethod.Get(0, "interleaved", true));
            c.read(1, BasicMethod.GetOk.class);
            byte[] second = c.readContent(1).body();
            // Both arrive whole; their order across channels is not something the protocol promises.
            assertEquals(Set.of(Arrays.toString(one), Arrays.toString(two)),
                    Set.of(Arrays.toString(first), Arrays.toString(second)));
        }
    }
}
