package io.warren.broker.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.warren.broker.Broker;
import io.warren.broker.connection.AmqpConnection;
import io.warren.codec.AmqpConstants;
import io.warren.codec.wire.AmqpFrameDecoder;
import io.warren.codec.wire.AmqpFrameEncoder;
import io.warren.codec.wire.ProtocolHeaderDecoder;

/**
 * The AMQP pipeline, by name: {@code ssl} (on the TLS listener only, next to the socket) → {@code flush}
 * (consolidates flushes; first after TLS, so that TLS encrypts a whole batch of writes per flush) →
 * {@code header} (protocol header; removes itself) → {@code frames} (decoder; frame_max starts at the spec's
 * minimum until tune-ok) → {@code encoder} → {@code connection}. The heartbeat handler ({@code idle}) is added
 * before {@code connection} once the heartbeat is negotiated.
 */
public final class AmqpChannelInitializer extends ChannelInitializer<Channel> {
    private final Broker broker;
    private final ServerTls tls;

    /** The plain AMQP listener's pipeline. */
    public AmqpChannelInitializer(Broker broker) {
        this(broker, null);
    }

    /** With {@code tls} not null, the AMQPS listener's. */
    public AmqpChannelInitializer(Broker broker, ServerTls tls) {
        this.broker = broker;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (tls != null) {
            ch.pipeline().addLast("ssl", tls.newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast("flush", new FlushConsolidationHandler(256, true))
                .addLast("header", new ProtocolHeaderDecoder())
                .addLast("frames", new AmqpFrameDecoder(AmqpConstants.FRAME_MIN_SIZE))
                .addLast("encoder", new AmqpFrameEncoder(AmqpConstants.FRAME_MIN_SIZE))
                .addLast("connection", new AmqpConnection(broker));
    }
}
