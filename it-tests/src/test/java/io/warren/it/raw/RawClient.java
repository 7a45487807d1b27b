package io.warren.it.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.codec.AmqpConstants;
import io.warren.codec.ReplyCode;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import io.warren.codec.method.ConnectionMethod;
import io.warren.codec.method.Method;
import io.warren.codec.method.MethodCodec;
import io.warren.codec.method.QueueMethod;
import io.warren.codec.types.FieldTable;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A blocking AMQP 0-9-1 client over a plain socket, built on Warren's codec, for the protocol cases the RabbitMQ
 * Java client cannot produce (malformed frames, frames out of order, channel numbers it would refuse).
 *
 * <p>Writes are whole frames in one {@code write} call and are thread-safe (a heartbeat timer may send while the
 * test thread reads). Reads happen on the test thread only; every read has a deadline, so a broker that stays
 * silent fails the test instead of hanging it. Fluent: {@code RawClient.connect(port).negotiateOpen()
 * .openChannel(1).send(1, ...).expect(1, ...)}.
 */
public final class RawClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int NONE = -1;
    /** What {@link #pollFrame} returns when the broker closed the connection. */
    public static final RawFrame EOF = new RawFrame(-1, -1, new byte[0], null);

    /** One frame as read from the socket; {@code method} is decoded for method frames, else {@code null}. */
    public record RawFrame(int type, int channel, byte[] payload, Method method) {
        public boolean isHeartbeat() {
            return type == AmqpConstants.FRAME_HEARTBEAT;
        }

        @Override
        public String toString() {
            return method != null ? "method frame on channel " + channel + ": " + method
                    : "frame type " + type + " on channel " + channel + " (" + payload.length + " bytes)";
        }
    }

    /** A message's content as delivered: the size its header declared and each body frame's payload. */
    public record Content(long declaredSize, List<byte[]> bodyFrames) {
        public byte[] body() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            bodyFrames.forEach(f -> b.write(f, 0, f.length));
            return b.toByteArray();
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int requestedChannelMax = NONE;
    private int requestedFrameMax = NONE;
    private int requestedHeartbeat = 0;
    private ConnectionMethod.Start start;
    private ConnectionMethod.Tune tune;
    private int frameMax = AmqpConstants.FRAME_MIN_SIZE;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        return new RawClient(s);
    }

    // ---- handshake ----

    /**
     * The values {@link #negotiateOpen} puts in tune-ok; by default the server's channel_max and frame_max, and no
     * heartbeat.
     */
    public RawClient tuneOk(int channelMax, int frameMax, int heartbeat) {
        this.requestedChannelMax = channelMax;
        this.requestedFrameMax = frameMax;
        this.requestedHeartbeat = heartbeat;
        return this;
    }

    public RawClient sendProtocolHeader() throws IOException {
        return sendBytes(AmqpConstants.protocolHeader());
    }

    /** Protocol header, then reads connection.start. */
    public ConnectionMethod.Start startConnection() throws IOException {
        sendProtocolHeader();
        start = read(0, ConnectionMethod.Start.class);
        return start;
    }

    /** Through start-ok (PLAIN guest/guest) to the server's connection.tune, which it returns. */
    public ConnectionMethod.Tune negotiateUntilTune() throws IOException {
        startConnection();
        send(0, new ConnectionMethod.StartOk(FieldTable.of(Map.of("product", "warren-it RawClient",
                "capabilities", FieldTable.of(Map.of("authentication_failure_close", true)))), "PLAIN",
                "\0guest\0guest", "en_US"));
        tune = read(0, ConnectionMethod.Tune.class);
        return tune;
    }

    /** The whole handshake: start-ok, tune-ok with the chosen values, open of {@code /}. */
    public RawClient negotiateOpen() throws IOException {
        return negotiateOpen("/");
    }

    public RawClient negotiateOpen(String vhost) throws IOException {
        negotiateUntilTune();
        int channelMax = requestedChannelMax == NONE ? tune.channelMax() : requestedChannelMax;
        int fm = requestedFrameMax == NONE ? tune.frameMax() : requestedFrameMax;
        send(0, new ConnectionMethod.TuneOk(channelMax, fm, requestedHeartbeat));
        frameMax = fm == 0 ? Integer.MAX_VALUE : fm;
        send(0, new ConnectionMethod.Open(vhost, "", false));
        return expect(0, ConnectionMethod.OpenOk.class);
    }

    public ConnectionMethod.Start serverStart() {
        return start;
    }

    public ConnectionMethod.Tune serverTune() {
        return tune;
    }

    public RawClient openChannel(int channel) throws IOException {
        return send(channel, new ChannelMethod.Open("")).expect(channel, ChannelMethod.OpenOk.class);
    }

    /** Declares an exclusive queue named {@code queue} (gone when this connection closes). */
    public RawClient declareQueue(int channel, String queue) throws IOException {
        return send(channel, new QueueMethod.Declare(0, queue, false, false, true, false, false, FieldTable.EMPTY))
                .expect(channel, QueueMethod.DeclareOk.class);
    }

    // ---- writing ----

    public RawClient send(int channel, Method m) throws IOException {
        return sendFrame(AmqpConstants.FRAME_METHOD, channel, Frames.methodPayload(m));
    }

    /** A content header for class basic with no properties. */
    public RawClient sendContentHeader(int channel, long bodySize) throws IOException {
        return sendFrame(AmqpConstants.FRAME_HEADER, channel, Frames.headerPayload(BasicMethod.CLASS_ID, bodySize));
    }

    public RawClient sendBody(int channel, byte[] body) throws IOException {
        return sendFrame(AmqpConstants.FRAME_BODY, channel, body);
    }

    /** basic.publish, its content header and the body split by the negotiated frame_max, in one write. */
    public RawClient publish(int channel, String exchange, String routingKey, byte[] body) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(body.length + 1024 + (body.length / 1024 + 2) * 8);
        byte[] publish = Frames.methodPayload(new BasicMethod.Publish(0, exchange, routingKey, false, false));
        all.put(Frames.frame(AmqpConstants.FRAME_METHOD, channel, publish, AmqpConstants.FRAME_END));
        byte[] header = Frames.headerPayload(BasicMethod.CLASS_ID, body.length);
        all.put(Frames.frame(AmqpConstants.FRAME_HEADER, channel, header, AmqpConstants.FRAME_END));
        int max = frameMax - AmqpConstants.FRAME_OVERHEAD;
        for (int off = 0; off < body.length; off += max) {
            byte[] part = java.util.Arrays.copyOfRange(body, off, Math.min(body.length, off + max));
            all.put(Frames.frame(AmqpConstants.FRAME_BODY, channel, part, AmqpConstants.FRAME_END));
        }
        return sendBytes(java.util.Arrays.copyOf(all.array(), all.position()));
    }

    public RawClient sendHeartbeat() throws IOException {
        return sendFrame(AmqpConstants.FRAME_HEARTBEAT, 0, new byte[0]);
    }

    public RawClient sendFrame(int type, int channel, byte[] payload) throws IOException {
        return sendBytes(Frames.frame(type, channel, payload, AmqpConstants.FRAME_END));
    }

    public RawClient sendFrame(int type, int channel, byte[] payload, int frameEnd) throws IOException {
        return sendBytes(Frames.frame(type, channel, payload, frameEnd));
    }

    public RawClient sendBytes(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
        return this;
    }

    // ---- reading ----

    /** The next frame, heartbeats included; fails on EOF or when nothing arrives within {@code timeout}. */
    public RawFrame readFrame(Duration timeout) throws IOException {
        RawFrame f = readFrameOrEof(System.nanoTime() + timeout.toNanos());
        if (f == null) {
            fail("the broker closed the connection while a frame was expected");
        }
        return f;
    }

    /** The next frame other than a heartbeat. */
    public RawFrame readNonHeartbeat(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RawFrame f = readFrameOrEof(deadline);
            if (f == null) {
                fail("the broker closed the connection while a frame was expected");
            }
            if (!f.isHeartbeat()) {
                return f;
            }
        }
    }

    /** The next non-heartbeat frame, which must be a {@code type} method on {@code channel}. */
    public <T extends Method> T read(int channel, Class<T> type) throws IOException {
        RawFrame f = readNonHeartbeat(TIMEOUT);
        if (f.method() == null || !type.isInstance(f.method()) || f.channel() != channel) {
            fail("expected " + type.getName() + " on channel " + channel + ", got " + f);
        }
        return type.cast(f.method());
    }

    public RawClient expect(int channel, Class<? extends Method> type) throws IOException {
        read(channel, type);
        return this;
    }

    /**
     * The next non-heartbeat frame must be connection.close with {@code code}; answers close-ok and checks the
     * broker then closes the socket. Returns the close for assertions on its text.
     */
    public ConnectionMethod.Close expectConnectionClose(ReplyCode code) throws IOException {
        ConnectionMethod.Close close = read(0, ConnectionMethod.Close.class);
        assertEquals(code.value(), close.replyCode(), "connection.close reply code; text: " + close.replyText());
        assertTrue(close.replyText().startsWith(code.name() + " - "), "reply text: " + close.replyText());
        try {
            send(0, new ConnectionMethod.CloseOk());
        } catch (SocketException e) {
            // The broker may drop the socket right after a frame error without waiting for close-ok.
        }
        expectEof(TIMEOUT);
        return close;
    }

    /** The next non-heartbeat frame must be channel.close on {@code channel} with {@code code}; answers close-ok. */
    public ChannelMethod.Close expectChannelClose(int channel, ReplyCode code) throws IOException {
        ChannelMethod.Close close = read(channel, ChannelMethod.Close.class);
        assertEquals(code.value(), close.replyCode(), "channel.close reply code; text: " + close.replyText());
        assertTrue(close.replyText().startsWith(code.name() + " - "), "reply text: " + close.replyText());
        send(channel, new ChannelMethod.CloseOk());
        return close;
    }

    /** The broker closes the socket within {@code timeout}; heartbeats before that are ignored. */
    public RawClient expectEof(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RawFrame f;
        while ((f = readFrameOrEof(deadline)) != null) {
            if (!f.isHeartbeat()) {
                fail("expected the broker to close the connection, got " + f);
            }
        }
        return this;
    }

    /** The content header and body frames that follow a get-ok or deliver on {@code channel}. */
    public Content readContent(int channel) throws IOException {
        RawFrame h = readNonHeartbeat(TIMEOUT);
        if (h.type() != AmqpConstants.FRAME_HEADER || h.channel() != channel) {
            fail("expected a content header on channel " + channel + ", got " + h);
        }
        long size = ByteBuffer.wrap(h.payload()).getLong(4);
        List<byte[]> bodies = new ArrayList<>();
        long received = 0;
        while (received < size) {
            RawFrame b = readNonHeartbeat(TIMEOUT);
            if (b.type() != AmqpConstants.FRAME_BODY || b.channel() != channel) {
                fail("expected a content body frame on channel " + channel + ", got " + b);
            }
            bodies.add(b.payload());
            received += b.payload().length;
        }
        assertEquals(size, received, "body bytes received vs the size the content header declared");
        return new Content(size, bodies);
    }

    /** Reads exactly {@code n} bytes (for the broker's reply to a bad protocol header). */
    public byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        try {
            in.readFully(b);
        } catch (SocketTimeoutException e) {
            fail("no " + n + " bytes from the broker within " + TIMEOUT);
        }
        return b;
    }

    /** {@code null} on EOF (or a reset, which is how an abortive close looks from here). */
    private RawFrame readFrameOrEof(long deadlineNanos) throws IOException {
        try {
            setTimeout(deadlineNanos);
            int type = in.read();
            if (type < 0) {
                return null;
            }
            setTimeout(deadlineNanos);
            if (type == 'A') {
                in.mark(7);
                byte[] rest = new byte[7];
                in.readFully(rest);
                if (rest[0] == 'M' && rest[1] == 'Q' && rest[2] == 'P') {
                    fail("the broker refused our protocol header and sent its own: AMQP " + rest[3] + " " + rest[4]
                            + " " + rest[5] + " " + rest[6]);
                }
                in.reset();
            }
            int channel = in.readUnsignedShort();
            long size = Integer.toUnsignedLong(in.readInt());
            if (size > 64L * 1024 * 1024) {
                fail("implausible frame size " + size + " (frame type " + type + ")");
            }
            byte[] payload = new byte[(int) size];
            in.readFully(payload);
            int end = in.readUnsignedByte();
            assertEquals(AmqpConstants.FRAME_END, end, "frame end octet from the broker");
            Method m = null;
            if (type == AmqpConstants.FRAME_METHOD) {
                ByteBuf buf = Unpooled.wrappedBuffer(payload);
                try {
                    m = MethodCodec.decode(buf, payload.length);
                } finally {
                    buf.release();
                }
            }
            return new RawFrame(type, channel, payload, m);
        } catch (SocketTimeoutException e) {
            fail("nothing from the broker within the deadline");
            return null;
        } catch (EOFException e) {
            fail("the broker closed the connection in the middle of a frame");
            return null;
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return null;
            }
            throw e;
        }
    }

    private void setTimeout(long deadlineNanos) throws SocketException {
        long millis = Math.max(1, Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis());
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
    }

    /**
     * The next frame if one starts arriving before the deadline, else {@code null}: lets a test watch the socket
     * for a while, where silence is fine. Fails on EOF.
     */
    public RawFrame readFrameUntil(long deadlineNanos) throws IOException {
        RawFrame f = pollFrame(deadlineNanos);
        if (f == EOF) {
            fail("the broker closed the connection");
        }
        return f;
    }

    /**
     * The next frame if one starts arriving before the deadline, {@link #EOF} if the broker closed the connection
     * (or reset it), else {@code null}. A frame that starts must then arrive whole within {@link #TIMEOUT}.
     */
    public RawFrame pollFrame(long deadlineNanos) throws IOException {
        if (System.nanoTime() >= deadlineNanos) {
            return null;
        }
        try {
            setTimeout(deadlineNanos);
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                return EOF;
            }
            in.reset();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return EOF;
            }
            throw e;
        }
        RawFrame f = readFrameOrEof(System.nanoTime() + TIMEOUT.toNanos());
        return f == null ? EOF : f;
    }

    public int negotiatedFrameMax() {
        return frameMax;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
