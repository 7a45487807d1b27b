package io.warren.store.queue;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A compact, append-only list of {@link StoredPosition}s kept in primitive arrays (25 bytes per message instead of
 * a 40-byte object), for the result of {@link QueueStore#recover()} on a long queue. {@link #get(int)} builds the
 * record on demand. Not thread-safe; read-only once handed out.
 */
final class PositionList extends AbstractList<StoredPosition> implements RandomAccess {
    private long[] bases = new long[16];
    private long[] offsets = new long[16];
    private int[] positions = new int[16];
    private int[] sizes = new int[16];
    private byte[] flags = new byte[16];
    private int size;

    void add(long base, long offset, int position, int payloadSize, byte flag) {
        if (size == offsets.length) {
            int n = size * 2;
            bases = Arrays.copyOf(bases, n);
            offsets = Arrays.copyOf(offsets, n);
            positions = Arrays.copyOf(positions, n);
            sizes = Arrays.copyOf(sizes, n);
            flags = Arrays.copyOf(flags, n);
        }
        bases[size] = base;
        offsets[size] = offset;
        positions[size] = position;
        sizes[size] = payloadSize;
        flags[size] = flag;
        size++;
    }

    @Override
    public StoredPosition get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index: " + index + " (expected: 0.." + (size - 1) + ")");
        }
        return new StoredPosition(bases[index], offsets[index], positions[index], sizes[index], flags[index]);
    }

    @Override
    public int size() {
        return size;
    }
}
