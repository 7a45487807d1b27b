package io.warren.broker.queue;

import io.warren.broker.message.Message;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
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

    /**
     * drop-head: drops (and has {@code queue} dead-letter, if it does) the messages first in line while the
     * queue is over the limit.
     */
    void dropOver(ReadyQueue ready, ClassicQueue queue) {
        QueueEntry e;
        while (exceededBy(ready.count(), ready.bytes()) && (e = ready.poll()) != null) {
            queue.discarded(e.message, "maxlen");
            ready.settle(e);
            e.message.release();
        }
    }

    /**
     * reject-publish: the messages of a batch that keep a queue holding {@code count} ready messages of
     * {@code bytes} within the limit, in order (the batch itself when all do); each other one goes to
     * {@code onRefused} and its index is set in {@code refused}.
     */
    List<Message> admit(List<Message> batch, long count, long bytes, BitSet refused,
                        java.util.function.Consumer<Message> onRefused) {
        List<Message> accepted = null;
        for (int i = 0; i < batch.size(); i++) {
            Message m = batch.get(i);
            if (admits(count, bytes, m.bodySize())) {
                count++;
                bytes += m.bodySize();
                if (accepted != null) {
                    accepted.add(m);
                }
            } else {
                if (accepted == null) {
                    accepted = new ArrayList<>(batch.subList(0, i));
                }
                refused.set(i);
                onRefused.accept(m);
            }
        }
        return accepted == null ? batch : accepted;
    }

    /** Whether one more message of {@code size} bytes keeps the queue within the limit (reject-publish). */
    boolean admits(long messages, long bytes, long size) {
        return !exceededBy(messages + 1, bytes + size);
    }
}
