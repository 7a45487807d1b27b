package io.warren.codec;

/** Frame types, limits and the protocol header of AMQP 0-9-1, as given by the specification. */
public final class AmqpConstants {
    public static final int FRAME_METHOD = 1;
    public static final int FRAME_HEADER = 2;
    public static final int FRAME_BODY = 3;
    public static final int FRAME_HEARTBEAT = 8;
    public static final int FRAME_END = 0xCE;
    /** Frame header: type (1), channel (2), payload size (4). */
    public static final int FRAME_HEADER_SIZE = 7;
    /** Header plus the frame-end octet: what a frame costs beyond its payload. */
    public static final int FRAME_OVERHEAD = FRAME_HEADER_SIZE + 1;
    /** The smallest frame_max a peer may negotiate, and the limit that applies before tune-ok. */
    public static final int FRAME_MIN_SIZE = 4096;

    public static final int DEFAULT_FRAME_MAX = 131_072;
    public static final int DEFAULT_CHANNEL_MAX = 2047;
    public static final int DEFAULT_HEARTBEAT_SECONDS = 60;
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;
    /** Field tables nested deeper than this are a syntax error (the RabbitMQ Java client uses the same bound). */
    public static final int MAX_TABLE_DEPTH = 32;

    /** {@code AMQP 0 0 9 1}: what a client sends first, and what we write back on a mismatch. */
    private static final byte[] PROTOCOL_HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    public static byte[] protocolHeader() {
        return PROTOCOL_HEADER.clone();
    }

    private AmqpConstants() {
    }
}
