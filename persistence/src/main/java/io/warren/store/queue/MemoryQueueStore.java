package io.warren.store.queue;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link QueueStore} in memory, for broker unit tests (Moquette's in-memory repositories). Positions carry the
 * offset only ({@code segmentBase} and {@code position} are 0). Nothing survives {@link #close()}.
 * <p>Confinement: the owning queue's loop; {@link #flush()} is a no-op and may be called from any thread.
 * <p>Buffers: append copies the parts; reads return copies.
 */
public final class MemoryQueueStore implements QueueStore {
    private final Map<Long, Entry> entries = new LinkedHashMap<>();
    private long nextOffset;
    private long byteCount;
    private boolean closed;

    private record Entry(byte[] bytes, byte flags, StoredPosition position, long timestampMs) {
    }

    @Override
    public StoredPosition append(byte flags, ByteBuffer... parts) {
        ensureOpen();
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        byte[] bytes = new byte[size];
        int at = 0;
        for (ByteBuffer p : parts) {
            int n = p.remaining();
            p.duplicate().get(bytes, at, n);
            at += n;
        }
        StoredPosition pos = new StoredPosition(0, nextOffset++, 0, size, flags);
        entries.put(pos.offset(), new Entry(bytes, flags, pos, System.currentTimeMillis()));
        byteCount += size;
        return pos;
    }

    @Override
    public void appendAll(byte[] flags, ByteBuffer[][] records, int count, StoredPosition[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = append(flags[i], records[i]);
        }
    }

    @Override
    public ByteBuffer read(StoredPosition p) {
        return ByteBuffer.wrap(entry(p).bytes().clone());
    }

    @Override
    public int read(StoredPosition p, ByteBuffer dst) {
        byte[] b = entry(p).bytes();
        dst.put(b);
        return b.length;
    }

    private Entry entry(StoredPosition p) {
        ensureOpen();
        Entry e = entries.get(p.offset());
        if (e == null) {
            throw new IllegalArgumentException("no stored message at offset " + p.offset());
        }
        return e;
    }

    @Override
    public void writeAcks() {
        // nothing is buffered
    }

    @Override
    public boolean ack(StoredPosition p) {
        ensureOpen();
        Entry e = entries.remove(p.offset());
        if (e == null) {
            return false;
        }
        byteCount -= e.bytes().length;
        return true;
    }

    @Override
    public Recovered recover() {
        ensureOpen();
        PositionList out = new PositionList();
        for (Entry e : entries.values()) {
            StoredPosition p = e.position();
            out.add(p.segmentBase(), p.offset(), p.position(), p.size(), p.flags());
        }
        return new Recovered(out, out.size(), byteCount);
    }

    @Override
    public long messageCount() {
        return entries.size();
    }

    @Override
    public long byteCount() {
        return byteCount;
    }

    @Override
    public long purge() {
        ensureOpen();
        long n = entries.size();
        entries.clear();
        byteCount = 0;
        return n;
    }

    @Override
    public void flush() {
        // nothing to force
    }

    @Override
    public void delete() {
        entries.clear();
        byteCount = 0;
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("queue store is closed");
        }
    }

    @Override
    public long nextOffset() {
        return nextOffset;
    }

    @Override
    public Backlog backlog(long fromOffset) {
        return new Backlog() {
            private long next = fromOffset;
            private Entry current;

            @Override
            public boolean next() {
                while (next < nextOffset) {
                    Entry e = entries.get(next++);
                    if (e != null) {
                        current = e;
                        return true;
                    }
                }
                current = null;
                return false;
            }

            @Override
            public StoredPosition position() {
                return current == null ? null : current.position();
            }

            @Override
            public long timestampMs() {
                return current.timestampMs();
            }

            @Override
            public ByteBuffer payload() {
                return ByteBuffer.wrap(current.bytes()).asReadOnlyBuffer();
            }
        };
    }
}
