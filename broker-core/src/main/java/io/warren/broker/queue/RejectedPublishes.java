package io.warren.broker.queue;

import java.util.BitSet;

/**
 * What a queue hands to {@link Queue#enqueue}'s {@code onSafe} when it refused some messages of the batch
 * ({@code x-overflow=reject-publish}): which ones, by index in the batch. The others were enqueued and are safe.
 * Not an error of the queue: no stack trace is taken.
 */
public final class RejectedPublishes extends RuntimeException {
    private final BitSet rejected;

    RejectedPublishes(BitSet rejected) {
        super("rejected by the queue's length limit: " + rejected.cardinality() + " message(s)", null, false, false);
        this.rejected = rejected;
    }

    /** Whether the message at {@code index} in the batch was refused. */
    public boolean rejected(int index) {
        return rejected.get(index);
    }
}
