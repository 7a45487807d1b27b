package io.warren.codec;

/**
 * The AMQP 0-9-1 reply codes, classified soft (channel) or hard (connection) exactly as the
 * {@code constants} section of the RabbitMQ 0-9-1 specification JSON classifies them.
 */
public enum ReplyCode {
    REPLY_SUCCESS(200, false),
    CONTENT_TOO_LARGE(311, false),
    NO_ROUTE(312, false),
    NO_CONSUMERS(313, false),
    CONNECTION_FORCED(320, true),
    INVALID_PATH(402, true),
    ACCESS_REFUSED(403, false),
    NOT_FOUND(404, false),
    RESOURCE_LOCKED(405, false),
    PRECONDITION_FAILED(406, false),
    FRAME_ERROR(501, true),
    SYNTAX_ERROR(502, true),
    COMMAND_INVALID(503, true),
    CHANNEL_ERROR(504, true),
    UNEXPECTED_FRAME(505, true),
    RESOURCE_ERROR(506, true),
    NOT_ALLOWED(530, true),
    NOT_IMPLEMENTED(540, true),
    INTERNAL_ERROR(541, true);

    private final int value;
    private final boolean hardError;

    ReplyCode(int value, boolean hardError) {
        this.value = value;
        this.hardError = hardError;
    }

    public int value() {
        return value;
    }

    /** True when the spec classifies this code as a connection (hard) error. */
    public boolean isHardError() {
        return hardError;
    }

    /** Looks a code up by its numeric value; {@code null} when the value is not a 0-9-1 reply code. */
    public static ReplyCode of(int value) {
        for (ReplyCode c : values()) {
            if (c.value == value) {
                return c;
            }
        }
        return null;
    }
}
