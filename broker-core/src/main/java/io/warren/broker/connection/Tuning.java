package io.warren.broker.connection;

import io.warren.codec.AmqpConstants;
import io.warren.codec.AmqpException;

/**
 * connection.tune / tune-ok negotiation. The server offers its limits; the client may lower them. 0 means "no
 * limit" for channel_max and frame_max and "off" for the heartbeat (0-9-1 §1.4.2.6). A client asking for more
 * than the server offered is closed, as RabbitMQ does.
 */
public record Tuning(int channelMax, int frameMax, int heartbeat) {
    public static final int NO_CHANNEL_LIMIT = 65_535;

    /** Checks the client's tune-ok against what the server offered and returns the values in force. */
    public static Tuning negotiate(Tuning offered, int clientChannelMax, int clientFrameMax, int clientHeartbeat) {
        long frameMax = Integer.toUnsignedLong(clientFrameMax);
        if (frameMax != 0 && frameMax < AmqpConstants.FRAME_MIN_SIZE) {
            throw AmqpException.notAllowed("negotiated frame_max = %d is lower than the minimum allowed value (%d)",
                    frameMax, AmqpConstants.FRAME_MIN_SIZE);
        }
        if (offered.frameMax != 0 && (frameMax == 0 || frameMax > offered.frameMax)) {
            throw AmqpException.notAllowed("negotiated frame_max = %d is higher than the maximum allowed value (%d)",
                    frameMax, offered.frameMax);
        }
        if (offered.channelMax != 0 && (clientChannelMax == 0 || clientChannelMax > offered.channelMax)) {
            throw AmqpException.notAllowed("negotiated channel_max = %d is higher than the maximum allowed value "
                    + "(%d)", clientChannelMax, offered.channelMax);
        }
        int channelMax = clientChannelMax == 0 ? NO_CHANNEL_LIMIT : clientChannelMax;
        return new Tuning(channelMax, (int) Math.min(frameMax, Integer.MAX_VALUE), clientHeartbeat);
    }
}
