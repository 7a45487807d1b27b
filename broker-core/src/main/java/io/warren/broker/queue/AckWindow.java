package io.warren.broker.queue;

/**
 * The acknowledged position of one consumer-group consumer: the highest offset such that every delivery up to it
 * was acknowledged. Deliveries are recorded in offset order; acknowledgements may come in any order (an ack with
 * {@code multiple} arrives as one per delivery). A delivery given back unacknowledged (nack or reject with
 * requeue, or the channel closing) freezes the position before it for the rest of this consumer's life: the
 * group resumes there when the next consumer takes over, so that message is delivered again.
 *
 * <p>Memory is bounded by the consumer's prefetch: a ring of the offsets delivered and not yet settled, in order.
 * Confinement: the stream's queue loop.
 */
final class AckWindow {
    private long[] offsets = new long[16];
    private boolean[] acked = new boolean[16];
    private int head;
    private int size;
    private long position;
    private boolean frozen;

    /** @param position the offset everything up to which counts as settled (-1 for nothing) */
    AckWindow(long position) {
        this.position = position;
    }

    /** The highest offset up to which every delivery is acknowledged, or the initial position. */
    long position() {
        return position;
    }

    boolean frozen() {
        return frozen;
    }

    int outstanding() {
        return size;
    }

    void delivered(long offset) {
        if (frozen) {
            return;
        }
        if (size == offsets.length) {
            grow();
        }
        int i = (head + size) & (offsets.length - 1);
        offsets[i] = offset;
        acked[i] = false;
        size++;
    }

    /** The delivery of {@code offset} was acknowledged; true when {@link #position()} moved. */
    boolean acked(long offset) {
        int i = find(offset);
        if (i < 0) {
            return false;
        }
        acked[i] = true;
        boolean moved = false;
        while (size > 0 && acked[head]) {
            position = Math.max(position, offsets[head]);
            head = (head + 1) & (offsets.length - 1);
            size--;
            moved = true;
        }
        return moved;
    }

    /** The delivery of {@code offset} came back unacknowledged: the position stays before it from now on. */
    void returned(long offset) {
        if (find(offset) >= 0) {
            // Everything before it that is still outstanding blocks too; the position is final.
            frozen = true;
            size = 0;
        }
    }

    /** Ring index of {@code offset} among the outstanding deliveries (binary search: they are in order), or -1. */
    private int find(long offset) {
        if (frozen) {
            return -1;
        }
        int lo = 0;
        int hi = size - 1;
        int mask = offsets.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = offsets[(head + mid) & mask];
            if (v < offset) {
                lo = mid + 1;
            } else if (v > offset) {
                hi = mid - 1;
            } else {
                return (head + mid) & mask;
            }
        }
        return -1;
    }

    private void grow() {
        int n = offsets.length;
        long[] o = new long[n * 2];
        boolean[] a = new boolean[n * 2];
        for (int k = 0; k < size; k++) {
            o[k] = offsets[(head + k) & (n - 1)];
            a[k] = acked[(head + k) & (n - 1)];
        }
        offsets = o;
        acked = a;
        head = 0;
    }
}
