package io.warren.broker.channel;

import io.warren.codec.method.BasicMethod;

import java.util.BitSet;
import java.util.function.Consumer;

/**
 * Publisher confirms of one channel (confirm.select): numbers publishes from 1 and emits basic.ack / basic.nack
 * in order, coalescing runs with {@code multiple=true}.
 *
 * <p>A publish may be settled at once (transient, or routed nowhere) or later (after the fsync that covers it),
 * and settlements may arrive out of order; the tracker keeps a window of settled-but-not-yet-contiguous
 * sequence numbers and only ever acknowledges a contiguous prefix, so an ack with {@code multiple} never covers
 * a message that is not safe yet. Nacks are sent singly, as soon as the prefix reaches them.
 * Confinement: the channel's event loop.
 */
final class ConfirmTracker {
    private long published;
    /** Every sequence number up to this one is settled and reported (or about to be, see pending). */
    private long settledThrough;
    private long reportedThrough;
    /** Settled numbers beyond settledThrough: bit i is sequence settledThrough + 1 + i. */
    private final BitSet ahead = new BitSet();
    private final BitSet nacked = new BitSet();

    /** Numbers the next publish; returns its sequence number. */
    long next() {
        return ++published;
    }

    long published() {
        return published;
    }

    void settle(long seq, boolean ok) {
        int bit = (int) (seq - settledThrough - 1);
        if (bit < 0) {
            return;
        }
        ahead.set(bit);
        if (!ok) {
            nacked.set(bit);
        }
    }

    boolean hasUnreported() {
        return ahead.get(0) || reportedThrough < settledThrough;
    }

    /** Writes the acks and nacks that became due, in order. */
    void flush(Consumer<BasicMethod> send) {
        int run = ahead.nextClearBit(0);
        if (run == 0 && reportedThrough == settledThrough) {
            return;
        }
        long base = settledThrough;
        long ackFrom = reportedThrough + 1;
        for (int i = 0; i < run; i++) {
            if (nacked.get(i)) {
                long seq = base + 1 + i;
                emitAck(ackFrom, seq - 1, send);
                send.accept(new BasicMethod.Nack(seq, false, false));
                ackFrom = seq + 1;
            }
        }
        emitAck(ackFrom, base + run, send);
        settledThrough = base + run;
        reportedThrough = settledThrough;
        shift(ahead, run);
        shift(nacked, run);
    }

    private static void emitAck(long from, long to, Consumer<BasicMethod> send) {
        if (to >= from) {
            send.accept(new BasicMethod.Ack(to, to > from));
        }
    }

    private static void shift(BitSet bits, int n) {
        if (n == 0) {
            return;
        }
        BitSet rest = bits.get(n, Math.max(n, bits.length()));
        bits.clear();
        bits.or(rest);
    }
}
