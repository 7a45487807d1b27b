package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Base class of the end-to-end tests, in the style of the RabbitMQ Java client's functional suite: a broker per
 * class, a connection and channel per test, {@link #expectChannelError}/{@link #expectConnectionError} helpers and
 * unique names.
 */
public abstract class BrokerTestCase {
    @RegisterExtension
    protected static final EmbeddedBroker broker = new EmbeddedBroker();

    protected Connection connection;
    protected Channel channel;

    @BeforeEach
    void openConnection() throws IOException, TimeoutException {
        connection = newConnection();
        channel = connection.createChannel();
    }

    @AfterEach
    void closeConnection() throws IOException {
        if (connection != null && connection.isOpen()) {
            connection.abort(5_000);
        }
    }

    protected ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(broker.port());
        f.setAutomaticRecoveryEnabled(false);
        f.setRequestedHeartbeat(0);
        return f;
    }

    protected Connection newConnection() throws IOException, TimeoutException {
        return factory().newConnection();
    }

    /** Gets every message of {@code q} with auto-ack and returns their numbers ({@link Probes#body}), in order. */
    protected java.util.List<Integer> getAllNumbers(String q) throws IOException {
        java.util.List<Integer> got = new java.util.ArrayList<>();
        com.rabbitmq.client.GetResponse r;
        while ((r = channel.basicGet(q, true)) != null) {
            got.add(Probes.number(r.getBody()));
        }
        return got;
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /**
     * Asserts that the channel was closed by the broker with a soft error of {@code replyCode}, forcing a
     * synchronous round trip first so that an asynchronous channel.close surfaces, then reopens the channel and
     * checks the connection still works.
     */
    protected void expectChannelError(int replyCode) throws IOException {
        ShutdownSignalException sse = null;
        try {
            channel.basicQos(0);
            fail("expected channel error " + replyCode);
        } catch (IOException e) {
            sse = (ShutdownSignalException) e.getCause();
        } catch (AlreadyClosedException e) {
            sse = e;
        }
        assertFalse(sse.isHardError(), "expected a channel error, got a connection error: " + sse.getMessage());
        assertEquals(replyCode, ((AMQP.Channel.Close) sse.getReason()).getReplyCode(), sse.getMessage());
        assertTrue(connection.isOpen(), "a channel error must leave the connection open");
        channel = connection.createChannel();
        channel.queueDeclare("", false, true, true, null); // the connection still works
    }

    /** Asserts that the connection was closed by the broker with {@code replyCode}. */
    protected void expectConnectionError(int replyCode) throws IOException {
        ShutdownSignalException sse = null;
        try {
            channel.basicQos(0);
            fail("expected connection error " + replyCode);
        } catch (IOException e) {
            sse = (ShutdownSignalException) e.getCause();
        } catch (AlreadyClosedException e) {
            sse = e;
        }
        assertTrue(sse.isHardError(), "expected a connection error, got a channel error: " + sse.getMessage());
        assertEquals(replyCode, ((AMQP.Connection.Close) sse.getReason()).getReplyCode(), sse.getMessage());
        assertFalse(connection.isOpen());
    }

    /** The reply code of a channel error raised by {@code action} (which must fail synchronously). */
    protected int replyCodeOf(ThrowingRunnable action) {
        try {
            action.run();
        } catch (IOException e) {
            ShutdownSignalException sse = (ShutdownSignalException) e.getCause();
            return sse.isHardError() ? ((AMQP.Connection.Close) sse.getReason()).getReplyCode()
                    : ((AMQP.Channel.Close) sse.getReason()).getReplyCode();
        } catch (ShutdownSignalException sse) {
            return sse.isHardError() ? ((AMQP.Connection.Close) sse.getReason()).getReplyCode()
                    : ((AMQP.Channel.Close) sse.getReason()).getReplyCode();
        } catch (Exception e) {
            fail("unexpected " + e);
        }
        fail("expected an error");
        return -1;
    }

    /**
     * Runs a synchronous call that must fail and returns {@code "<code> <reply text>"}; reopens the channel (and
     * the connection after a connection error) for the rest of the test.
     */
    protected String errorOf(ThrowingRunnable action) throws Exception {
        try {
            action.run();
        } catch (IOException | com.rabbitmq.client.ShutdownSignalException e) {
            com.rabbitmq.client.ShutdownSignalException sse = Probes.signalOf(e);
            String out = sse.getReason() instanceof AMQP.Channel.Close c ? c.getReplyCode() + " " + c.getReplyText()
                    : ((AMQP.Connection.Close) sse.getReason()).getReplyCode() + " "
                    + ((AMQP.Connection.Close) sse.getReason()).getReplyText();
            if (!connection.isOpen()) {
                connection = newConnection();
            }
            channel = connection.createChannel();
            return out;
        }
        throw new AssertionError("expected an error");
    }

    /**
     * Polls {@code condition} until it holds or {@code timeout} passes (then fails, naming {@code what}). Meant for
     * conditions that ask the broker (each poll is a round trip, which paces the loop), never for sleeping.
     */
    protected static void awaitCondition(String what, java.time.Duration timeout, ThrowingCondition condition)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
        }
    }

    @FunctionalInterface
    protected interface ThrowingRunnable {
        void run() throws Exception;
    }

    @FunctionalInterface
    protected interface ThrowingCondition {
        boolean holds() throws Exception;
    }

    /**
     * As {@link #expectChannelError(int)}, and also asserts the exact reply text RabbitMQ sends (for example
     * {@code "NOT_FOUND - no exchange 'x' in vhost '/'"}).
     */
    protected void expectChannelError(int replyCode, String replyText) throws IOException {
        ShutdownSignalException sse = closeSignal();
        assertFalse(sse.isHardError(), "expected a channel error, got a connection error: " + sse.getMessage());
        AMQP.Channel.Close close = (AMQP.Channel.Close) sse.getReason();
        assertEquals(replyCode, close.getReplyCode(), sse.getMessage());
        assertEquals(replyText, close.getReplyText());
        assertTrue(connection.isOpen(), "a channel error must leave the connection open");
        channel = connection.createChannel();
        channel.queueDeclare("", false, true, true, null); // the connection still works
    }

    /**
     * As {@link #expectConnectionError(int)}, and also asserts the exact reply text; then checks that the broker
     * still accepts a new connection (which becomes {@link #connection}/{@link #channel}).
     */
    protected void expectConnectionError(int replyCode, String replyText) throws IOException, TimeoutException {
        ShutdownSignalException sse = closeSignal();
        assertTrue(sse.isHardError(), "expected a connection error, got a channel error: " + sse.getMessage());
        AMQP.Connection.Close close = (AMQP.Connection.Close) sse.getReason();
        assertEquals(replyCode, close.getReplyCode(), sse.getMessage());
        assertEquals(replyText, close.getReplyText());
        assertFalse(connection.isOpen());
        connection = newConnection();
        channel = connection.createChannel();
        channel.queueDeclare("", false, true, true, null); // the broker still works
    }

    private ShutdownSignalException closeSignal() {
        try {
            channel.basicQos(0); // a synchronous round trip surfaces an asynchronous close
        } catch (IOException e) {
            return (ShutdownSignalException) e.getCause();
        } catch (AlreadyClosedException e) {
            return e;
        }
        return fail("expected the broker to close the channel or connection");
    }
}
