package io.warren.broker.queue;

import io.warren.codec.AmqpException;

import java.time.Instant;

/**
 * Where a stream consumer starts: the parsed {@code x-stream-offset} consumer argument. Immutable.
 *
 * <ul>
 *   <li>absent or {@code "next"}: records appended from now on;</li>
 *   <li>{@code "first"}: the oldest record still kept;</li>
 *   <li>{@code "last"}: the start of the last chunk (the last batch appended together; after a restart, the last
 *       record);</li>
 *   <li>an integer: that offset, clamped to the records that exist (RabbitMQ reads a negative one as the
 *       first);</li>
 *   <li>a timestamp ({@code T}, seconds): the first record appended at or after it;</li>
 *   <li>an interval string such as {@code 1h} or {@code 30m}: a timestamp of now minus the interval.</li>
 * </ul>
 *
 * @param kind  which of the forms
 * @param value the offset for {@link Kind#OFFSET}, milliseconds since the epoch for {@link Kind#TIMESTAMP}
 */
public record StreamOffset(Kind kind, long value) {
    public enum Kind { FIRST, LAST, NEXT, OFFSET, TIMESTAMP }

    public static final StreamOffset FIRST = new StreamOffset(Kind.FIRST, 0);
    public static final StreamOffset LAST = new StreamOffset(Kind.LAST, 0);
    public static final StreamOffset NEXT = new StreamOffset(Kind.NEXT, 0);

    /**
     * Parses the argument's value as the Java client's field-table types arrive.
     *
     * @param nowMs the current time, for interval strings
     * @throws AmqpException PRECONDITION_FAILED naming the argument for any other value
     */
    public static StreamOffset parse(Object v, long nowMs, String queue, String vhost) {
        if (v == null) {
            return NEXT;
        }
        if (v instanceof String s) {
            switch (s) {
                case "first":
                    return FIRST;
                case "last":
                    return LAST;
                case "next":
                    return NEXT;
                default:
                    long ms = StreamArguments.intervalMillis(s);
                    if (ms > 0) {
                        return new StreamOffset(Kind.TIMESTAMP, Math.max(0, nowMs - ms));
                    }
            }
        } else if (StreamArguments.isIntegral(v)) {
            return new StreamOffset(Kind.OFFSET, Math.max(0, ((Number) v).longValue()));
        } else if (v instanceof Instant t) {
            return new StreamOffset(Kind.TIMESTAMP, Math.max(0, t.getEpochSecond() * 1000));
        }
        throw AmqpException.preconditionFailed("invalid arg 'x-stream-offset' for queue '%s' in vhost '%s': %s "
                + "(expected: first, last, next, an offset, a timestamp or an interval such as 30m)", queue, vhost, v);
    }
}
