package io.warren.store.queue;

/**
 * Where one message is stored: what a classic queue keeps per message instead of the message.
 *
 * @param segmentBase base offset of the segment file holding the record
 * @param offset      the record's offset in the queue's log (unique, increasing in append order)
 * @param position    byte position of the record in the segment file (0 for {@link MemoryQueueStore})
 * @param size        payload size in bytes
 * @param flags       the flags byte given at append ({@link QueueStore#FLAG_PERSISTENT}, ...)
 */
public record StoredPosition(long segmentBase, long offset, int position, int size, byte flags) {
    /** True if bit 0 ({@link QueueStore#FLAG_PERSISTENT}) is set. */
    public boolean persistent() {
        return (flags & QueueStore.FLAG_PERSISTENT) != 0;
    }
}
