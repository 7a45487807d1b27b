package io.warren.broker.queue;

import io.warren.codec.AmqpException;
import io.warren.store.log.LogReader;

import java.nio.charset.StandardCharsets;

/**
 * A consumer of a stream and its own read position: a {@link LogReader} over the stream's log, created when the
 * consumer becomes active (a consumer-group standby has none). For a group consumer, an {@link AckWindow} tracks
 * what it has acknowledged. Confinement: the stream's queue loop.
 */
final class StreamConsumer {
    final Consumer consumer;
    /** The {@code x-consumer-group} argument, or null. */
    final String group;
    /** Where to start when there is no committed group offset. */
    final StreamOffset start;
    /** Joining order, for "the oldest standby takes over". */
    final long joined;
    LogReader reader;
    AckWindow window;
    boolean active;
    private byte[] tagBytes;

    StreamConsumer(Consumer consumer, String group, StreamOffset start, long joined) {
        this.consumer = consumer;
        this.group = group;
        this.start = start;
        this.joined = joined;
    }

    /** The consumer tag's bytes, for encoded deliveries. */
    byte[] tagBytes() {
        if (tagBytes == null) {
            tagBytes = consumer.tag().getBytes(StandardCharsets.UTF_8);
        }
        return tagBytes;
    }

    /**
     * Checks a basic.consume on {@code stream} as RabbitMQ does, in its order (a prefetch is required, then
     * manual ack, then no global qos), then parses {@code x-stream-offset} and {@code x-consumer-group}.
     *
     * @throws AmqpException with RabbitMQ's code and text
     */
    static StreamConsumer accept(Consumer c, Queue stream, long nowMs, long joined) {
        if (c.requestedPrefetch() == 0) {
            throw AmqpException.preconditionFailed("consumer prefetch count is not set for '%s'", stream);
        }
        if (c.noAck()) {
            throw AmqpException.notImplemented("automatic acknowledgement not supported by stream queues %s",
                    stream);
        }
        if (c.requestedChannelPrefetch() != 0) {
            throw AmqpException.notImplemented("%s does not support global qos", stream);
        }
        StreamOffset start = StreamOffset.parse(c.arguments().get("x-stream-offset"), nowMs, stream.name(),
                stream.vhost());
        Object group = c.arguments().get("x-consumer-group");
        if (group != null && (!(group instanceof String g) || g.isEmpty())) {
            throw AmqpException.preconditionFailed("invalid arg 'x-consumer-group' for %s: %s (expected: a "
                    + "non-empty string)", stream, group);
        }
        return new StreamConsumer(c, (String) group, start, joined);
    }

    @Override
    public String toString() {
        return "consumer '" + consumer.tag() + "'" + (group == null ? "" : " of group '" + group + "'");
    }
}
