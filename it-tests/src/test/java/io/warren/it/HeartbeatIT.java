package io.warren.it;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.codec.AmqpConstants;
import io.warren.codec.method.BasicMethod;
import io.warren.it.raw.RawClient;
import io.warren.it.raw.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Heartbeats (0-9-1 §4.2.7): with a negotiated interval the broker sends heartbeats while it has nothing else to
 * send, keeps a peer that sends anything at least once per interval, and drops a silent peer after about two
 * intervals; with 0 there are none. Intervals are 1 s here to keep the class fast.
 */
class HeartbeatIT {
    private static final Duration WATCH = Duration.ofMillis(3_500);

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker();
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();

    private static RawClient openWithHeartbeat(int seconds) throws IOException {
        return RawClient.connect(broker.port()).tuneOk(2047, 131_072, seconds).negotiateOpen();
    }

    /** Runs {@code task} every 400 ms on a timer thread until the returned executor is shut down. */
    private static ScheduledExecutorService every400ms(IoTask task) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 0, 400, TimeUnit.MILLISECONDS);
        return timer;
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }

    @Test
    void idleJavaClientWithAOneSecondHeartbeatStaysConnected() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.port());
        f.setAutomaticRecoveryEnabled(false);
        f.setRequestedHeartbeat(1);
        try (Connection conn = f.newConnection()) {
            assertEquals(1, conn.getHeartbeat());
            CountDownLatch closed = new CountDownLatch(1);
            conn.addShutdownListener(cause -> closed.countDown());
            // The Java client drops a broker that stays silent for two intervals, and vice versa.
            assertFalse(closed.await(WATCH.toMillis(), TimeUnit.MILLISECONDS),
                    "connection closed while idle: " + conn.getCloseReason());
            assertTrue(conn.isOpen());
            conn.createChannel().queueDeclare("", false, true, true, null);
        }
    }

    @Test
    @Spec(section = "4.2.7")
    void brokerSendsHeartbeatsWhileTheConnectionIsIdle() throws Exception {
        try (RawClient c = openWithHeartbeat(1)) {
            ScheduledExecutorService timer = every400ms(c::sendHeartbeat);
            int heartbeats = 0;
            try {
                long deadline = System.nanoTime() + WATCH.toNanos();
                RawClient.RawFrame f;
                while ((f = c.readFrameUntil(deadline)) != null) {
                    if (!f.isHeartbeat()) {
                        fail("only heartbeats expected on an idle connection, got " + f);
                    }
                    heartbeats++;
                }
            } finally {
                timer.shutdownNow();
            }
            assertTrue(heartbeats >= 3, "heartbeats from the broker in " + WATCH + ": " + heartbeats);
            c.openChannel(1);                               // and the connection is alive
        }
    }

    @Test
    @Spec(section = "4.2.7")
    void anyTrafficFromThePeerCountsAsAHeartbeat() throws Exception {
        try (RawClient c = openWithHeartbeat(1)) {
            c.openChannel(1);
            ScheduledExecutorService timer = every400ms(() -> c.send(1, new BasicMethod.Qos(0, 1, false)));
            int answers = 0;
            try {
                long deadline = System.nanoTime() + WATCH.toNanos();
                RawClient.RawFrame f;
                while ((f = c.readFrameUntil(deadline)) != null) {
                    if (f.method() instanceof BasicMethod.QosOk) {
                        answers++;
                    } else if (!f.isHeartbeat()) {
                        fail("unexpected " + f);
                    }
                }
            } finally {
                timer.shutdownNow();
            }
            assertTrue(answers >= 5, "qos-ok answers: " + answers);
            c.send(1, new BasicMethod.Qos(0, 2, false));
            RawClient.RawFrame f;
            do {
                f = c.readFrame(RawClient.TIMEOUT);
            } while (!(f.method() instanceof BasicMethod.QosOk));
        }
    }

    @Test
    @Spec(section = "4.2.7")
    void silentPeerIsDroppedAfterAboutTwoIntervals() throws Exception {
        try (RawClient c = openWithHeartbeat(1)) {
            long t0 = System.nanoTime();
            c.expectEof(Duration.ofSeconds(5));
            long elapsed = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(elapsed >= 900, "a peer must get at least one interval; dropped after " + elapsed + " ms");
        }
    }

    @Test
    @Spec(section = "4.2.7")
    void heartbeatZeroMeansNoHeartbeats() throws Exception {
        try (RawClient c = openWithHeartbeat(0)) {
            RawClient.RawFrame f = c.readFrameUntil(System.nanoTime() + Duration.ofMillis(2_500).toNanos());
            assertNull(f, "nothing may arrive on an idle connection without heartbeats");
            c.openChannel(1);                               // and silence did not get it dropped
            c.sendFrame(AmqpConstants.FRAME_HEARTBEAT, 0, new byte[0]);   // a heartbeat is still harmless
            c.send(1, new BasicMethod.Qos(0, 1, false)).expect(1, BasicMethod.QosOk.class);
        }
    }
}
