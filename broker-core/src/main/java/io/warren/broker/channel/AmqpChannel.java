package io.warren.broker.channel;

import io.netty.util.ReferenceCountUtil;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.queue.Consumer;
import io.warren.broker.queue.DeliveryEncoding;
import io.warren.broker.queue.DeliveryTarget;
import io.warren.broker.queue.QueueEntry;
import io.warren.codec.AmqpConstants;
import io.warren.codec.AmqpException;
import io.warren.codec.frame.ContentBodyFrame;
import io.warren.codec.frame.ContentHeaderFrame;
import io.warren.codec.frame.Frame;
import io.warren.codec.frame.MethodFrame;
import io.warren.codec.method.AccessMethod;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.ChannelMethod;
import io.warren.codec.method.ConfirmMethod;
import io.warren.codec.method.ExchangeMethod;
import io.warren.codec.method.Method;
import io.warren.codec.method.MethodVisitor;
import io.warren.codec.method.QueueMethod;
import io.warren.codec.method.TxMethod;
import io.warren.codec.wire.AmqpFrameEncoder;
import io.warren.codec.wire.Command;
import io.warren.codec.wire.ContentAssembler;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One AMQP channel: its open/closing state, content assembly, and dispatch of each complete command to the
 * handler for its AMQP class ({@link ExchangeMethods}, {@link QueueMethods}, {@link BasicMethods},
 * {@link Publisher}).
 *
 * <p>Confinement: the connection's event loop. Queues talk to it through {@link DeliveryTarget}, by posting to
 * that loop.
 *
 * <p>Ordering: some methods need an answer from a queue's loop (consume, get, purge, delete). While one is
 * outstanding the channel {@link #await awaits} it and keeps later commands in a backlog, so replies leave in
 * the order the requests came, as the spec requires of a channel.
 */
public final class AmqpChannel implements DeliveryTarget, MethodVisitor<Void> {
    private enum State { OPEN, CLOSING, CLOSED }

    private final AmqpConnection connection;
    private final int number;
    /** Deliveries encoded by their queue: a body copied next to its method and header frames, in one frame. */
    private final DeliveryEncoding encoding;
    private final ContentAssembler assembler;
    private final ExchangeMethods exchangeMethods;
    private final QueueMethods queueMethods;
    private final BasicMethods basicMethods;
    private final Publisher publisher;
    private final ChannelStats stats = new ChannelStats();
    private final ArrayDeque<Command> backlog = new ArrayDeque<>();
    private State state = State.OPEN;
    private boolean awaiting;
    /** True only while {@link #await} runs: tells an answer that was ready at once from one that came later. */
    private boolean insideAwait;
    private boolean dirty;
    private Command current;
    /** Created on the first consumer-timeout tick. */
    private AckTimeout ackTimeout;

    public AmqpChannel(AmqpConnection connection, int number) {
        this.connection = connection;
        this.number = number;
        int frameMax = connection.tuning().frameMax();
        this.encoding = new DeliveryEncoding(WireDeliveryWriter.INSTANCE, number, frameMax == 0
                ? AmqpFrameEncoder.COPY_THRESHOLD
                : Math.min(AmqpFrameEncoder.COPY_THRESHOLD, frameMax - AmqpConstants.FRAME_OVERHEAD));
        this.assembler = new ContentAssembler(connection.broker().config().maxMessageSize());
        this.exchangeMethods = new ExchangeMethods(this);
        this.queueMethods = new QueueMethods(this);
        this.basicMethods = new BasicMethods(this);
        this.publisher = new Publisher(this);
    }

    public AmqpConnection connection() {
        return connection;
    }

    public int number() {
        return number;
    }

    BasicMethods basic() {
        return basicMethods;
    }

    Publisher publisher() {
        return publisher;
    }

    /** This channel's message counters. Event loop only. */
    public ChannelStats stats() {
        return stats;
    }

    QueueMethods queues() {
        return queueMethods;
    }

    /** The channel's consumers. Event loop only. */
    public Iterable<Consumer> consumers() {
        return basicMethods.consumers();
    }

    public boolean isOpen() {
        return state == State.OPEN;
    }

    public int consumerCount() {
        return basicMethods.consumerCount();
    }

    public int unackedCount() {
        return basicMethods.unackedCount();
    }

    public int prefetchCount() {
        return basicMethods.prefetchCount();
    }

    public boolean confirmMode() {
        return publisher.confirmMode();
    }

    public boolean transactional() {
        return publisher.transactional();
    }

    /**
     * One tick of the delivery acknowledgement timeout ({@code consumer_timeout}, checked every {@code tickNanos}):
     * true when this channel's oldest unacknowledged delivery has waited {@code timeoutNanos} or more. Event loop
     * only.
     */
    public boolean ackTimedOut(long now, long timeoutNanos, long tickNanos) {
        if (state != State.OPEN) {
            return false;
        }
        if (ackTimeout == null) {
            ackTimeout = new AckTimeout(timeoutNanos, tickNanos);
        }
        return ackTimeout.tick(now, basicMethods.lastDeliveryTag(), basicMethods.oldestUnackedTag());
    }

    // ---- frames in ----

    public void onFrame(Frame frame) {
        if (state != State.OPEN) {
            onFrameWhileClosing(frame);
            return;
        }
        Command cmd;
        if (frame instanceof MethodFrame mf) {
            cmd = assembler.onMethod(number, mf.method());
        } else if (frame instanceof ContentHeaderFrame h) {
            cmd = assembler.onHeader(h);
        } else if (frame instanceof ContentBodyFrame b) {
            cmd = assembler.onBody(b);
        } else {
            ReferenceCountUtil.release(frame);
            throw AmqpException.unexpectedFrame("unexpected frame type on channel %d", number);
        }
        if (cmd == null) {
            return;
        }
        if (awaiting) {
            backlog.addLast(cmd);
        } else {
            handle(cmd);
        }
    }

    // 0-9-1 §2.2.4 (closing a channel): after sending channel.close, discard everything but close and close-ok.
    private void onFrameWhileClosing(Frame frame) {
        ReferenceCountUtil.release(frame);
        if (state == State.CLOSING && frame instanceof MethodFrame mf) {
            if (mf.method() instanceof ChannelMethod.CloseOk) {
                finishClose();
            } else if (mf.method() instanceof ChannelMethod.Close) {
                // The client's close crossed ours: answer it, and keep waiting for the close-ok it owes us.
                send(new ChannelMethod.CloseOk());
            }
        }
    }

    private void handle(Command cmd) {
        current = cmd;
        try {
            Method m = cmd.method();
            if (!(m instanceof BasicMethod.Publish)) {
                publisher.handOver(); // earlier publishes reach their queues before anything else we do
                if (!(m instanceof BasicMethod.Ack)) {
                    basicMethods.handOverAcks(); // and so do earlier acks
                }
            }
            m.accept(this);
        } catch (Throwable t) {
            connection.onError(number, t, cmd.method());
        } finally {
            current = null;
            cmd.release();
        }
    }

    /** The command being handled (its content is released after the handler returns). */
    Command current() {
        return current;
    }

    /** What to do when an awaited queue operation completes. Runs on the channel's event loop. */
    interface Reply<T> {
        void ok(T value);

        /** The operation failed (the error is then mapped to a channel or connection close). */
        default void failed() {
        }

        /** The channel closed before the answer came: give back whatever the answer holds. */
        default void abandoned(T value) {
        }
    }

    /**
     * Holds later commands until {@code stage} completes on a queue loop, then runs {@code reply} on this
     * channel's event loop and resumes. A failure goes through the usual error mapping.
     */
    <T> void await(CompletionStage<T> stage, Method method, Reply<T> reply) {
        awaiting = true;
        io.netty.channel.EventLoop loop = connection.nettyChannel().eventLoop();
        insideAwait = true;
        try {
            stage.whenComplete((value, error) -> {
                if (insideAwait && loop.inEventLoop()) {
                    // Complete while we are still handling the command (it was done when we asked): answer now.
                    // This matters for ordering: a queue may already have posted deliveries to this loop, and
                    // consume-ok must go first. Nothing can be in the backlog yet; the read's end flushes.
                    awaiting = false;
                    complete(value, error, method, reply);
                } else {
                    // Completed later, on a queue's loop (possibly this very thread, when queues share the I/O
                    // loops): this task is posted before anything the queue does next, so replies keep order.
                    loop.execute(() -> {
                        awaiting = false;
                        complete(value, error, method, reply);
                        connection.flush();
                        drainBacklog();
                    });
                }
            });
        } finally {
            insideAwait = false;
        }
    }

    private <T> void complete(T value, Throwable error, Method method, Reply<T> reply) {
        if (state != State.OPEN) {
            if (error == null) {
                reply.abandoned(value);
            }
            return;
        }
        if (error != null) {
            reply.failed();
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            connection.onError(number, cause, method);
        } else {
            try {
                reply.ok(value);
            } catch (RuntimeException e) {
                connection.onError(number, e, method);
            }
        }
    }

    private void drainBacklog() {
        while (!awaiting && state == State.OPEN && !backlog.isEmpty()) {
            handle(backlog.pollFirst());
        }
        if (!awaiting) {
            endOfReadBatch();
            connection.flush();
        }
    }

    // ---- writes ----

    void send(Method m) {
        connection.write(new MethodFrame(number, m));
    }

    /**
     * Sends the reply to a definition change once the durable definitions written so far are on disk (at once
     * when nothing is pending): a declare-ok for a durable entity means it survives a restart.
     */
    void sendAfterDefinitions(Method ok, Method request) {
        CompletableFuture<Void> written = connection.vhost().definitionsBarrier();
        if (written.isDone() && !written.isCompletedExceptionally()) {
            send(ok);
        } else {
            await(written, request, v -> send(ok));
        }
    }

    void sendContent(Command content) {
        connection.write(content);
    }

    /** Asks for {@link #endOfReadBatch} when the current socket read ends. */
    void markDirty() {
        if (!dirty) {
            dirty = true;
            connection.markDirty(this);
        }
    }

    /** End of a socket read: hand publishes to queues, send confirms, pass acks on. */
    public void endOfReadBatch() {
        dirty = false;
        if (state == State.OPEN) {
            publisher.handOver();
            basicMethods.handOverAcks();
            publisher.flushConfirms();
        }
    }

    // ---- DeliveryTarget ----

    @Override
    public Executor executor() {
        return connection.nettyChannel().eventLoop();
    }

    @Override
    public boolean isWritable() {
        return connection.nettyChannel().isWritable();
    }

    @Override
    public DeliveryEncoding encoding() {
        return encoding;
    }

    @Override
    public void deliver(List<QueueEntry> batch) {
        basicMethods.deliver(batch, state == State.OPEN);
    }

    @Override
    public void consumerCancelledByQueue(Consumer consumer) {
        if (state == State.OPEN) {
            basicMethods.cancelledByQueue(consumer);
        }
    }

    @Override
    public String describe() {
        return connection.name() + " (" + number + ")";
    }

    public void onWritable() {
        basicMethods.kickQueues();
    }

    // ---- closing ----

    /** Server-initiated channel.close for a soft error. */
    public void closeWithError(AmqpException e) {
        if (state != State.OPEN) {
            return;
        }
        send(new ChannelMethod.Close(e.code().value(), e.replyText(), e.classId(), e.methodId()));
        state = State.CLOSING;
        releaseResources();
    }

    /** The connection is going away: give everything back without writing. */
    public void connectionClosed() {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            releaseResources();
        }
    }

    private void finishClose() {
        state = State.CLOSED;
        releaseResources();
        connection.channelClosed(number);
    }

    private void releaseResources() {
        assembler.reset();
        Command c;
        while ((c = backlog.pollFirst()) != null) {
            c.release();
        }
        publisher.close();
        basicMethods.close();
    }

    // ---- dispatch ----

    @Override
    public Void visitChannelOpen(ChannelMethod.Open m) {
        throw AmqpException.channelError("second 'channel.open' seen");
    }

    @Override
    public Void visitChannelFlow(ChannelMethod.Flow m) {
        if (!m.active()) {
            throw AmqpException.notImplemented("active=false");
        }
        send(new ChannelMethod.FlowOk(true));
        return null;
    }

    @Override
    public Void visitChannelFlowOk(ChannelMethod.FlowOk m) {
        return null;
    }

    @Override
    public Void visitChannelClose(ChannelMethod.Close m) {
        publisher.handOver();
        send(new ChannelMethod.CloseOk());
        finishClose();
        return null;
    }

    @Override
    public Void visitChannelCloseOk(ChannelMethod.CloseOk m) {
        return null; // not closing: nothing to finish
    }

    @Override
    public Void visitAccessRequest(AccessMethod.Request m) {
        send(new AccessMethod.RequestOk(1)); // RabbitMQ answers every access.request with ticket 1
        return null;
    }

    @Override
    public Void visitExchangeDeclare(ExchangeMethod.Declare m) {
        exchangeMethods.declare(m);
        return null;
    }

    @Override
    public Void visitExchangeDelete(ExchangeMethod.Delete m) {
        exchangeMethods.delete(m);
        return null;
    }

    @Override
    public Void visitExchangeBind(ExchangeMethod.Bind m) {
        exchangeMethods.bind(m);
        return null;
    }

    @Override
    public Void visitExchangeUnbind(ExchangeMethod.Unbind m) {
        exchangeMethods.unbind(m);
        return null;
    }

    @Override
    public Void visitQueueDeclare(QueueMethod.Declare m) {
        queueMethods.declare(m);
        return null;
    }

    @Override
    public Void visitQueueBind(QueueMethod.Bind m) {
        queueMethods.bind(m);
        return null;
    }

    @Override
    public Void visitQueueUnbind(QueueMethod.Unbind m) {
        queueMethods.unbind(m);
        return null;
    }

    @Override
    public Void visitQueuePurge(QueueMethod.Purge m) {
        queueMethods.purge(m);
        return null;
    }

    @Override
    public Void visitQueueDelete(QueueMethod.Delete m) {
        queueMethods.delete(m);
        return null;
    }

    @Override
    public Void visitBasicQos(BasicMethod.Qos m) {
        basicMethods.qos(m);
        return null;
    }

    @Override
    public Void visitBasicConsume(BasicMethod.Consume m) {
        basicMethods.consume(m);
        return null;
    }

    @Override
    public Void visitBasicCancel(BasicMethod.Cancel m) {
        basicMethods.cancel(m);
        return null;
    }

    @Override
    public Void visitBasicPublish(BasicMethod.Publish m) {
        publisher.publish(m, current);
        return null;
    }

    @Override
    public Void visitBasicGet(BasicMethod.Get m) {
        basicMethods.get(m);
        return null;
    }

    @Override
    public Void visitBasicAck(BasicMethod.Ack m) {
        basicMethods.ack(m.deliveryTag(), m.multiple());
        return null;
    }

    @Override
    public Void visitBasicReject(BasicMethod.Reject m) {
        basicMethods.reject(m.deliveryTag(), false, m.requeue());
        return null;
    }

    @Override
    public Void visitBasicNack(BasicMethod.Nack m) {
        basicMethods.reject(m.deliveryTag(), m.multiple(), m.requeue());
        return null;
    }

    @Override
    public Void visitBasicRecoverAsync(BasicMethod.RecoverAsync m) {
        basicMethods.recover(m.requeue());
        return null;
    }

    @Override
    public Void visitBasicRecover(BasicMethod.Recover m) {
        basicMethods.recover(m.requeue());
        send(new BasicMethod.RecoverOk());
        return null;
    }

    @Override
    public Void visitConfirmSelect(ConfirmMethod.Select m) {
        publisher.confirmSelect(m.nowait());
        return null;
    }

    @Override
    public Void visitTxSelect(TxMethod.Select m) {
        publisher.txSelect();
        return null;
    }

    @Override
    public Void visitTxCommit(TxMethod.Commit m) {
        publisher.txCommit();
        return null;
    }

    @Override
    public Void visitTxRollback(TxMethod.Rollback m) {
        publisher.txRollback();
        return null;
    }
}
