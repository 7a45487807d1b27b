package io.warren.broker.queue;

import java.util.Map;

/**
 * A classic queue's length limit: {@code x-max-length} (ready messages), {@code x-max-length-bytes} (their body
 * bytes) and {@code x-overflow}, as RabbitMQ applies them. Only ready messages count; deliveries awaiting an ack
 * do not. With {@code drop-head} (the default) a publish that takes the queue over the limit is accepted and the
 * oldest ready messages are dropped until it is back within; with {@code reject-publish} the publish that would
 * take it over is refused (a {@code basic.nack} to a publisher using confirms) and the queue is left as it is.
 * {@code reject-publish-dlx} also dead-letters what it rejects. Values were validated at declare time
 * ({@link QueueArguments}).
 */
record LengthLimit(long maxMessages, long maxBytes, boolean rejectPublish, boolean deadLetterRejected) {

    /** The limit the arguments set, or null when they set none. */
    static LengthLimit of(Map<String, Object> arguments) {
        Object messages = arguments.get("x-max-length");
        Object bytes = arguments.get("x-max-length-bytes");
        if (!(messages instanceof Number) && !(bytes instanceof Number)) {
            return null;
        }
        Object overflow = arguments.get("x-overflow");
        boolean reject = "reject-publish".equals(overflow) || "reject-publish-dlx".equals(overflow);
        return new LengthLimit(messages instanceof Number n ? n.longValue() : Long.MAX_VALUE,
                bytes instanceof Number n ? n.longValue() : Long.MAX_VALUE, reject,
                "reject-publish-dlx".equals(overflow));
    }

    /** Whether a queue holding this many ready messages and bytes is over the limit (drop-head trims it). */
    boolean exceededBy(long messages, long bytes) {
        return messages > maxMessages || bytes > maxBytes;
    }

    /** Whether one more message of {@code size} bytes keeps the queue within the limit (reject-publish). */
    boolean admits(long messages, long bytes, long size) {
        return !exceededBy(messages + 1, bytes + size);
    }
}
