package io.warren.broker.connection;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import io.warren.broker.Broker;
import io.warren.broker.BrokerConfig;
import io.warren.broker.MessageCounters;
import io.warren.broker.channel.AmqpChannel;
import io.warren.broker.security.Users;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpException;
import io.warren.codec.ReplyCode;
import io.warren.codec.frame.Frame;
import io.warren.codec.frame.HeartbeatFrame;
import io.warren.codec.frame.MethodFrame;
import io.warren.codec.method.ChannelMethod;
import io.warren.codec.method.ConnectionMethod;
import io.warren.codec.method.Method;
import io.warren.codec.types.FieldTable;
import io.warren.codec.wire.AmqpFrameDecoder;
import io.warren.codec.wire.AmqpFrameEncoder;
import io.warren.codec.wire.ProtocolHeaderDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One AMQP connection: the handshake (start, start-ok, tune, tune-ok, open), the channel table, heartbeats,
 * flow control and closing from either side.
 *
 * <p>Confinement: the connection and its channels live on the connection's Netty event loop and take no locks.
 * Queues reach a channel only by posting tasks to that loop. Writes made while handling a read are flushed once
 * at the end of the read batch ({@link #channelReadComplete}).
 *
 * <p>Errors: every exception from a channel or from the decoder goes through {@link ProtocolErrors}, which
 * applies RabbitMQ's rule: a hard error, or any error on channel 0, closes the connection; anything else closes
 * the channel.
 */
public final class AmqpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);
    /** How long a closing connection waits for close-ok before dropping the socket. */
    private static final long CLOSE_OK_TIMEOUT_MILLIS = 1_000;
    /** Publishing stops being read while this much message data is on its way to queues. */
    private static final long INFLIGHT_HIGH_BYTES = 8L * 1024 * 1024;
    private static final long INFLIGHT_LOW_BYTES = INFLIGHT_HIGH_BYTES / 2;
    /** Bits of {@link #readBlockers}: why the socket is not being read. */
    private static final int BLOCKED_BY_INFLIGHT = 1;
    private static final int BLOCKED_BY_ALARM = 2;
    private static final int BLOCKED_BY_QUEUE = 4;

    private enum State { AWAIT_HEADER, AWAIT_START_OK, AWAIT_TUNE_OK, AWAIT_OPEN, OPEN, CLOSING, CLOSED }

    private final Broker broker;
    private final BrokerConfig config;
    private final long id;
    private final long connectedAt = System.currentTimeMillis();
    private final IntObjectHashMap<AmqpChannel> channels = new IntObjectHashMap<>();
    private final List<AmqpChannel> dirty = new ArrayList<>();
    private final AtomicLong inflightBytes = new AtomicLong();
    private final MessageCounters counters = new MessageCounters();
    private final Runnable unblockInflight = () -> unblockReading(BLOCKED_BY_INFLIGHT);
    private ChannelHandlerContext ctx;
    private State state = State.AWAIT_HEADER;
    private String name = "?";
    private String user = "";
    private volatile String authMechanism = "";
    private Login login;
    private VirtualHost vhost;
    private Tuning tuning;
    private FieldTable clientProperties = FieldTable.EMPTY;
    private boolean consumerCancelNotify;
    private boolean blockedCapable;
    private boolean blockedSent;
    private boolean publishing;
    private int readBlockers;
    private int pressuredQueues;
    private ScheduledFuture<?> handshakeTimeout;
    private final Heartbeats heartbeats = new Heartbeats();
    private final ConsumerTimeouts consumerTimeouts = new ConsumerTimeouts();

    public AmqpConnection(Broker broker) {
        this.broker = broker;
        this.config = broker.config();
        this.id = broker.connections().nextId();
    }

    // ---- accessors used by channels and management ----

    public Broker broker() {
        return broker;
    }

    public String name() {
        return name;
    }

    public long id() {
        return id;
    }

    public String user() {
        return user;
    }

    public VirtualHost vhost() {
        return vhost;
    }

    public Tuning tuning() {
        return tuning;
    }

    public FieldTable clientProperties() {
        return clientProperties;
    }

    /** The SASL mechanism the client logged in with (PLAIN, AMQPLAIN or EXTERNAL). */
    public String authMechanism() {
        return authMechanism;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public boolean consumerCancelNotify() {
        return consumerCancelNotify;
    }

    public io.netty.channel.Channel nettyChannel() {
        return ctx.channel();
    }

    public int channelCount() {
        return channels.size();
    }

    /** This connection's message counters (written on its event loop, readable anywhere). */
    public MessageCounters counters() {
        return counters;
    }

    /** The open channels. Event loop only (management reads it through a task on that loop). */
    public java.util.Collection<AmqpChannel> channels() {
        return channels.values();
    }

    /** Writes without flushing; the flush comes at the end of the read batch or of the delivery batch. */
    public void write(Object frame) {
        heartbeats.wrote();
        ctx.write(frame, ctx.voidPromise());
    }

    public void flush() {
        ctx.flush();
    }

    /** A channel has work to finish at the end of this read batch (publishes to hand over, confirms). */
    public void markDirty(AmqpChannel ch) {
        dirty.add(ch);
    }

    // ---- Netty callbacks ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        name = describe(ctx.channel().remoteAddress()) + " -> " + describe(ctx.channel().localAddress());
        broker.connections().add(this);
        log.info("accepting AMQP connection {}", name);
        handshakeTimeout = ctx.executor().schedule(this::onHandshakeTimeout, config.handshakeTimeoutMillis(),
                TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ProtocolHeaderDecoder.ACCEPTED) {
            state = State.AWAIT_START_OK;
            login = new Login(broker, ctx.channel());
            send(0, new ConnectionMethod.Start(0, 9, ServerProperties.table(broker.clusterName()), login.offer(), "en_US"));
            ctx.flush();
        } else if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            log.warn("TLS handshake failed conn={}: {}", name, tls.cause().getMessage());
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            onFrame(frame);
        } catch (Throwable t) {
            onError(frame.channel(), t, frame instanceof MethodFrame m ? m.method() : null);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        heartbeats.read();
        for (int i = 0; i < dirty.size(); i++) {
            dirty.get(i).endOfReadBatch();
        }
        dirty.clear();
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            for (AmqpChannel ch : channels.values()) {
                ch.onWritable();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof AmqpException e) {
            // The decoder lost frame sync: say why, then drop the socket once that is written.
            log.warn("connection error conn={} vhost={} user={}: {}", name, vhostName(), user, e.replyText());
            if (state != State.CLOSING && state != State.CLOSED) {
                state = State.CLOSING;
                ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Close(e.code().value(), e.replyText(),
                        e.classId(), e.methodId()))).addListener(ChannelFutureListener.CLOSE);
            }
        } else if (t instanceof javax.net.ssl.SSLException) {
            // after the handshake: a refused renegotiation, a bad record; the TLS layer has sent its alert
            log.warn("TLS error conn={}: {}", name, t.getMessage());
            ctx.close();
        } else if (t instanceof java.io.IOException) {
            log.debug("connection {} I/O error: {}", name, t.getMessage());
            ctx.close();
        } else {
            log.error("internal error conn={}", name, t);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        State was = state;
        state = State.CLOSED;
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        heartbeats.stop();
        consumerTimeouts.stop();
        closeAllChannels();
        if (vhost != null) {
            login.closed(vhost);
            vhost.deleteExclusiveQueues(this);
        }
        broker.connections().remove(this);
        if (was == State.OPEN || was == State.CLOSING && vhost != null) {
            log.info("closing AMQP connection {} (vhost '{}', user '{}')", name, vhostName(), user);
        } else {
            log.info("closing AMQP connection {} before it was opened", name);
        }
        ctx.fireChannelInactive();
    }

    // ---- frames ----

    private void onFrame(Frame frame) {
        if (frame instanceof HeartbeatFrame) {
            return; // reading it already reset the idle timer
        }
        if (state == State.CLOSING || state == State.CLOSED) {
            onFrameWhileClosing(frame);
            return;
        }
        int ch = frame.channel();
        if (ch == 0) {
            if (!(frame instanceof MethodFrame mf)) {
                ReferenceCountUtil.release(frame);
                throw AmqpException.unexpectedFrame("content frame on channel 0");
            }
            onConnectionMethod(mf.method());
            return;
        }
        if (state != State.OPEN) {
            ReferenceCountUtil.release(frame);
            throw AmqpException.commandInvalid("frame on channel %d before the connection was opened", ch);
        }
        AmqpChannel channel = channels.get(ch);
        if (channel == null) {
            openChannel(ch, frame);
        } else {
            channel.onFrame(frame);
        }
    }

    private void onFrameWhileClosing(Frame frame) {
        ReferenceCountUtil.release(frame);
        if (frame.channel() == 0 && frame instanceof MethodFrame mf) {
            if (mf.method() instanceof ConnectionMethod.CloseOk) {
                ctx.close();
            } else if (mf.method() instanceof ConnectionMethod.Close) {
                // Our close crossed the client's: answer it, we are done either way.
                ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.CloseOk()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private void openChannel(int ch, Frame frame) {
        if (!(frame instanceof MethodFrame mf)) {
            // As RabbitMQ: content on a channel that was never opened is out of sequence.
            ReferenceCountUtil.release(frame);
            throw AmqpException.unexpectedFrame("content frame on channel %d, which is not open", ch);
        }
        if (!(mf.method() instanceof ChannelMethod.Open)) {
            throw AmqpException.channelError("expected 'channel.open'");
        }
        // RabbitMQ limits how many channels are open at once, not their numbers.
        if (channels.size() >= tuning.channelMax()) {
            throw AmqpException.notAllowed("number of channels opened (%d) has reached the negotiated channel_max "
                    + "(%d)", channels.size(), tuning.channelMax());
        }
        login.openChannel();
        AmqpChannel channel = new AmqpChannel(this, ch);
        channels.put(ch, channel);
        send(ch, new ChannelMethod.OpenOk(""));
    }

    /** The connection is going: every channel gives its deliveries back and is forgotten. */
    private void closeAllChannels() {
        for (AmqpChannel ch : channels.values()) {
            ch.connectionClosed();
        }
        if (!channels.isEmpty()) {
            login.channelsClosed(channels.size());
            channels.clear();
        }
    }

    /** The channel finished closing (close-ok sent or received): forget it. */
    public void channelClosed(int ch) {
        if (channels.remove(ch) != null) {
            login.channelsClosed(1);
        }
    }

    private void onConnectionMethod(Method m) {
        switch (state) {
            case AWAIT_START_OK -> {
                if (!(m instanceof ConnectionMethod.StartOk startOk)) {
                    throw AmqpException.commandInvalid("expected 'connection.start-ok', got '%s'", m.name());
                }
                onStartOk(startOk);
            }
            case AWAIT_TUNE_OK -> {
                if (!(m instanceof ConnectionMethod.TuneOk tuneOk)) {
                    throw AmqpException.commandInvalid("expected 'connection.tune-ok', got '%s'", m.name());
                }
                onTuneOk(tuneOk);
            }
            case AWAIT_OPEN -> {
                if (!(m instanceof ConnectionMethod.Open open)) {
                    throw AmqpException.commandInvalid("expected 'connection.open', got '%s'", m.name());
                }
                onOpen(open);
            }
            case OPEN -> onOpenConnectionMethod(m);
            default -> throw AmqpException.commandInvalid("unexpected '%s' in state %s", m.name(), state);
        }
    }

    private void onStartOk(ConnectionMethod.StartOk m) {
        clientProperties = m.clientProperties();
        if (clientProperties.get("capabilities") instanceof FieldTable caps) {
            consumerCancelNotify = Boolean.TRUE.equals(caps.get("consumer_cancel_notify"));
            blockedCapable = Boolean.TRUE.equals(caps.get("connection.blocked"));
        }
        Users.User u = login.authenticate(m.mechanism(), m.response(), name);
        user = u.name();
        authMechanism = m.mechanism();
        tuning = new Tuning(config.channelMax(), config.frameMax(), config.heartbeatSeconds());
        state = State.AWAIT_TUNE_OK;
        send(0, new ConnectionMethod.Tune(tuning.channelMax(), tuning.frameMax(), tuning.heartbeat()));
    }

    private void onTuneOk(ConnectionMethod.TuneOk m) {
        tuning = Tuning.negotiate(tuning, m.channelMax(), m.frameMax(), m.heartbeat());
        int frameMax = tuning.frameMax() == 0 ? Integer.MAX_VALUE : tuning.frameMax();
        ctx.pipeline().get(AmqpFrameDecoder.class).setFrameMax(frameMax);
        ctx.pipeline().get(AmqpFrameEncoder.class).setFrameMax(frameMax);
        if (tuning.heartbeat() > 0) {
            heartbeats.start(ctx, tuning.heartbeat(), this::onSilentPeer);
        }
        state = State.AWAIT_OPEN;
    }

    private void onOpen(ConnectionMethod.Open m) {
        VirtualHost v = login.open(m.virtualHost());
        vhost = v; // from here on, closing gives the vhost and the user their connection slots back
        state = State.OPEN;
        handshakeTimeout.cancel(false);
        send(0, new ConnectionMethod.OpenOk(""));
        long consumerTimeout = config.consumerTimeoutMillis();
        if (consumerTimeout > 0) {
            consumerTimeouts.start(ctx, consumerTimeout, channels::values, ch -> {
                onError(ch.number(), ConsumerTimeouts.error(ch.number(), consumerTimeout), null);
                ctx.flush(); // a timer, not a read: nothing else flushes the channel.close
            });
        }
        log.info("connection {}: user '{}' authenticated and granted access to vhost '{}'", name, user, v.name());
    }

    private void onOpenConnectionMethod(Method m) {
        if (m instanceof ConnectionMethod.Close) {
            // Answer, then let the client close the socket (it may still be writing, e.g. acks, and would get
            // EPIPE if we closed first); drop it ourselves if it does not within the timeout.
            state = State.CLOSING;
            closeAllChannels();
            ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.CloseOk()));
            ctx.executor().schedule(() -> {
                ctx.close();
            }, CLOSE_OK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } else if (m instanceof ConnectionMethod.UpdateSecret) {
            send(0, new ConnectionMethod.UpdateSecretOk());
        } else if (m instanceof ConnectionMethod.CloseOk) {
            log.debug("connection {}: stray close-ok ignored", name);
        } else {
            throw AmqpException.channelError("unexpected method in connection state running");
        }
    }

    // ---- errors and closing ----

    /** Routes any failure to a channel close or a connection close, by RabbitMQ's rule. */
    public void onError(int channel, Throwable t, Method failing) {
        AmqpException e = ProtocolErrors.toAmqp(t, failing);
        ProtocolErrors.log(this, channel, e, t);
        AmqpChannel ch = channels.get(channel);
        if (e.code().isHardError() || channel == 0 || ch == null) {
            closeConnection(e);
        } else {
            ch.closeWithError(e);
        }
    }

    /** Server-initiated connection.close: tell the client why, then wait briefly for close-ok. */
    public void closeConnection(AmqpException e) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        state = State.CLOSING;
        closeAllChannels();
        ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Close(e.code().value(), e.replyText(),
                e.classId(), e.methodId())));
        ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_OK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Closes from another thread (broker shutdown, management). */
    public void closeByBroker(String reason) {
        ctx.executor().execute(() -> closeConnection(new AmqpException(ReplyCode.CONNECTION_FORCED, reason)));
    }

    private void onHandshakeTimeout() {
        if (state != State.OPEN && state != State.CLOSED) {
            log.warn("closing connection {}: handshake timeout ({} ms)", name, config.handshakeTimeoutMillis());
            ctx.close();
        }
    }

    private void onSilentPeer() {
        log.warn("closing connection {}: missed heartbeats from client, timeout: {}s", name, tuning.heartbeat());
        ctx.close();
    }

    private void send(int channel, Method m) {
        heartbeats.wrote();
        ctx.write(new MethodFrame(channel, m), ctx.voidPromise());
    }

    // ---- flow control ----

    /** Message bytes handed to queues and not yet enqueued; past a bound the socket stops being read. */
    public void inflightAdd(long bytes) {
        if (!publishing) {
            publishing = true;
            if (broker.memoryAlarm().active()) {
                setAlarm(true, "low on memory");
            }
        }
        if (inflightBytes.addAndGet(bytes) > INFLIGHT_HIGH_BYTES) {
            blockReading(BLOCKED_BY_INFLIGHT);
        }
    }

    /**
     * A queue this connection publishes to is under pressure: stop reading until it (and any other such queue)
     * is relieved. RabbitMQ's credit flow has the same effect; no connection.blocked is sent for it.
     */
    public void waitForQueue(io.warren.broker.queue.Queue q) {
        pressuredQueues++;
        blockReading(BLOCKED_BY_QUEUE);
        q.whenRelieved(() -> ctx.executor().execute(() -> {
            if (--pressuredQueues == 0) {
                unblockReading(BLOCKED_BY_QUEUE);
            }
        }));
    }

    /** Called from queue loops once a batch is enqueued. */
    public void inflightDone(long bytes) {
        long after = inflightBytes.addAndGet(-bytes);
        if (after <= INFLIGHT_LOW_BYTES && after + bytes > INFLIGHT_LOW_BYTES) {
            ctx.executor().execute(unblockInflight);
        }
    }

    /** Memory alarm on or off (any thread): publishing connections are blocked, with connection.blocked. */
    public void setAlarm(boolean on, String reason) {
        ctx.executor().execute(() -> {
            if (state != State.OPEN) {
                return;
            }
            if (on && publishing) {
                blockReading(BLOCKED_BY_ALARM);
                if (blockedCapable && !blockedSent) {
                    blockedSent = true;
                    ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Blocked(reason)));
                }
            } else if (!on) {
                unblockReading(BLOCKED_BY_ALARM);
                if (blockedSent) {
                    blockedSent = false;
                    ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.Unblocked()));
                }
            }
        });
    }

    public boolean isBlocked() {
        return readBlockers != 0;
    }

    private void blockReading(int reason) {
        if (readBlockers == 0) {
            ctx.channel().config().setAutoRead(false);
        }
        readBlockers |= reason;
    }

    private void unblockReading(int reason) {
        if (readBlockers == 0) {
            return;
        }
        readBlockers &= ~reason;
        if (readBlockers == 0 && inflightBytes.get() > INFLIGHT_HIGH_BYTES) {
            readBlockers = BLOCKED_BY_INFLIGHT;
        }
        if (readBlockers == 0) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private String vhostName() {
        return vhost == null ? "" : vhost.name();
    }

    private static String describe(SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress isa) {
            return isa.getAddress().getHostAddress() + ":" + isa.getPort();
        }
        return String.valueOf(a);
    }

}
