package io.warren.codec.frame;

/**
 * A decoded AMQP frame (0-9-1 §4.2.3): what {@code AmqpFrameDecoder} emits and {@code AmqpFrameEncoder} accepts.
 *
 * <p>{@link ContentHeaderFrame} and {@link ContentBodyFrame} hold buffers and are reference counted: whoever
 * handles one last releases it. {@link MethodFrame} and {@link HeartbeatFrame} hold no buffers.
 */
public sealed interface Frame permits MethodFrame, ContentHeaderFrame, ContentBodyFrame, HeartbeatFrame {

    /** The channel number; 0 for the connection. */
    int channel();
}
