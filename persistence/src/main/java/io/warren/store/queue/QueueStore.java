package io.warren.store.queue;

import io.warren.store.sync.Syncable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Message storage of one classic queue: append returns a {@link StoredPosition}, the queue keeps it and reads,
 * acknowledges or (after a restart) recovers by it. The store keeps bytes only; it does not order deliveries
 * or know about consumers.
 * <p>Confinement: every method runs on the owning queue's loop, except {@link #flush()}, which the
 * {@link io.warren.store.sync.SyncScheduler} thread calls concurrently (and which is a no-op after close or delete).
 * <p>Buffers: {@link #append} copies its buffers and leaves their positions unchanged; {@link #read(StoredPosition)}
 * returns a new buffer that the caller owns; {@link #read(StoredPosition, ByteBuffer)} fills the caller's buffer.
 */
public interface QueueStore extends Syncable, AutoCloseable {
    /** Flags bit 0: the message is persistent (delivery-mode 2); others are skipped on restart. */
    byte FLAG_PERSISTENT = 1;

    /** Stores one message whose bytes are the concatenation of {@code parts}. Not forced: see {@link #flush()}. */
    StoredPosition append(byte flags, ByteBuffer... parts);

    /**
     * Stores {@code count} messages, {@code records[i]} being the parts of message i, with one write per segment
     * they land in (a queue appends the publishes of one batch of work this way: a system call per batch, not
     * per message), and sets {@code out[i]} to where message i went. On a failure the messages whose {@code out}
     * entry is set were stored and the others were not.
     *
     * @throws io.warren.store.StoreIoException if a write failed
     */
    void appendAll(byte[] flags, ByteBuffer[][] records, int count, StoredPosition[] out);

    /** The stored bytes of {@code p}, in a new heap buffer (position 0, limit = size). */
    ByteBuffer read(StoredPosition p);

    /** Copies the stored bytes of {@code p} into {@code dst} (position advances) and returns their number. */
    int read(StoredPosition p, ByteBuffer dst);

    /**
     * Removes a message for good. Once every record of a segment other than the one being written is
     * acknowledged, the segment is deleted.
     *
     * @return false if it was already acknowledged or purged
     */
    boolean ack(StoredPosition p);

    /**
     * Writes out the acknowledgements buffered since the last call (an ack is buffered, so a batch of acks costs
     * one write). The owner calls it at the end of each batch of work and before asking for a sync; an ack not
     * written when the broker crashes only means that message is delivered again, which AMQP allows.
     */
    void writeAcks();

    /**
     * Every stored, unacknowledged message in append order, with its flags. Call once after opening: the broker
     * rebuilds the queue from it (and acks the non-persistent ones).
     */
    Recovered recover();

    /** The offset the next append will get. */
    long nextOffset();

    /**
     * A cursor over the unacknowledged records from {@code fromOffset} on, in append order: how a queue pages
     * its backlog back in without keeping a position per message in memory. Owner's thread only; appends made
     * after it was created are seen as it advances.
     */
    Backlog backlog(long fromOffset);

    /** See {@link #backlog(long)}. {@link #payload()} is valid until the next {@link #next()}. */
    interface Backlog {
        /** Moves to the next unacknowledged record; false at the end of the log (for now). */
        boolean next();

        StoredPosition position();

        ByteBuffer payload();

        /** When the current record was appended (epoch ms). */
        long timestampMs();
    }

    /** Stored, unacknowledged messages. */
    long messageCount();

    /** Payload bytes of the stored, unacknowledged messages. */
    long byteCount();

    /** Acknowledges everything; returns how many messages were removed. */
    long purge();

    /** Forces appended messages and acks to disk. Thread-safe with respect to the owner's calls. */
    @Override
    void flush() throws IOException;

    /** Closes the store and removes its directory (queue deletion). */
    void delete();

    /** Forces and closes. Idempotent. */
    @Override
    void close();

    /**
     * The result of {@link #recover()}.
     *
     * @param positions    unacknowledged messages in append order
     * @param messageCount {@code positions.size()}
     * @param byteCount    sum of their sizes
     */
    record Recovered(List<StoredPosition> positions, long messageCount, long byteCount) {
    }
}
