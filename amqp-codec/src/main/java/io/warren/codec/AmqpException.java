package io.warren.codec;

/**
 * The one error type of the protocol layer: a reply code, a detail text and the failing method.
 *
 * <p>Thrown by the codec for framing and syntax errors and by the broker for semantic errors. It is turned
 * into {@code channel.close} or {@code connection.close} in exactly one place in broker-core. The reply text
 * sent on the wire is {@link #replyText()}: {@code "<CODE_NAME> - <detail>"}, RabbitMQ's form, e.g.
 * {@code "NOT_FOUND - no exchange 'x' in vhost '/'"}. Stack traces are not filled in: these are expected,
 * client-caused conditions.
 */
public final class AmqpException extends RuntimeException {
    private final ReplyCode code;
    private final int classId;
    private final int methodId;

    public AmqpException(ReplyCode code, String detail) {
        this(code, detail, 0, 0);
    }

    public AmqpException(ReplyCode code, String detail, int classId, int methodId) {
        super(detail, null, false, false);
        this.code = code;
        this.classId = classId;
        this.methodId = methodId;
    }

    public ReplyCode code() {
        return code;
    }

    public int classId() {
        return classId;
    }

    public int methodId() {
        return methodId;
    }

    /**
     * The text as sent in close methods: {@code CODE_NAME - detail}. A reply text is a shortstr, so a longer
     * text is cut to 252 bytes followed by {@code "..."}, as RabbitMQ does.
     */
    public String replyText() {
        return truncate(code.name() + " - " + getMessage());
    }

    static String truncate(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length <= 255) {
            return text;
        }
        int cut = 252;
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
            cut--; // do not split a multi-byte character
        }
        return new String(utf8, 0, cut, java.nio.charset.StandardCharsets.UTF_8) + "...";
    }

    /** A copy naming the method that failed, unless one is already named. */
    public AmqpException withMethod(int classId, int methodId) {
        if (this.classId != 0 || this.methodId != 0) {
            return this;
        }
        return new AmqpException(code, getMessage(), classId, methodId);
    }

    private static String format(String fmt, Object... args) {
        return args.length == 0 ? fmt : String.format(fmt, args);
    }

    public static AmqpException of(ReplyCode code, String fmt, Object... args) {
        return new AmqpException(code, format(fmt, args));
    }

    public static AmqpException notFound(String fmt, Object... args) {
        return of(ReplyCode.NOT_FOUND, fmt, args);
    }

    public static AmqpException accessRefused(String fmt, Object... args) {
        return of(ReplyCode.ACCESS_REFUSED, fmt, args);
    }

    public static AmqpException resourceLocked(String fmt, Object... args) {
        return of(ReplyCode.RESOURCE_LOCKED, fmt, args);
    }

    public static AmqpException preconditionFailed(String fmt, Object... args) {
        return of(ReplyCode.PRECONDITION_FAILED, fmt, args);
    }

    public static AmqpException frameError(String fmt, Object... args) {
        return of(ReplyCode.FRAME_ERROR, fmt, args);
    }

    public static AmqpException syntaxError(String fmt, Object... args) {
        return of(ReplyCode.SYNTAX_ERROR, fmt, args);
    }

    public static AmqpException commandInvalid(String fmt, Object... args) {
        return of(ReplyCode.COMMAND_INVALID, fmt, args);
    }

    public static AmqpException channelError(String fmt, Object... args) {
        return of(ReplyCode.CHANNEL_ERROR, fmt, args);
    }

    public static AmqpException unexpectedFrame(String fmt, Object... args) {
        return of(ReplyCode.UNEXPECTED_FRAME, fmt, args);
    }

    public static AmqpException resourceError(String fmt, Object... args) {
        return of(ReplyCode.RESOURCE_ERROR, fmt, args);
    }

    public static AmqpException notAllowed(String fmt, Object... args) {
        return of(ReplyCode.NOT_ALLOWED, fmt, args);
    }

    public static AmqpException notImplemented(String fmt, Object... args) {
        return of(ReplyCode.NOT_IMPLEMENTED, fmt, args);
    }

    public static AmqpException internalError(String fmt, Object... args) {
        return of(ReplyCode.INTERNAL_ERROR, fmt, args);
    }
}
