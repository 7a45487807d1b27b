package io.warren.broker.queue;

/** Builds queue entries for unit tests of other packages (the constructor is package-private). */
public final class TestEntries {
    private TestEntries() {
    }

    /** An entry with no queue and no message, standing for the delivery with the given sequence number. */
    public static QueueEntry entry(long seq) {
        return new QueueEntry(null, seq, null);
    }
}
