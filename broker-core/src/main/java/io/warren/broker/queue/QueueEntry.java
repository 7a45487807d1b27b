package io.warren.broker.queue;

import io.netty.buffer.ByteBuf;
import io.warren.broker.message.Message;

/**
 * One message in one queue: its position (sequence number) in that queue, the message, and whether it was
 * delivered before.
 *
 * <p>A stream delivery is an entry too, built for one consumer from the stream's log: it holds that consumer's
 * own copy of the message (with the {@code x-stream-offset} header), usually already encoded as the frames the
 * channel writes, which an ack or a requeue just releases.
 *
 * <p>Ownership moves with the entry: the queue loop owns it while it is ready, the consuming channel's event
 * loop owns it while it is unacknowledged, and it goes back to the queue loop on requeue. Each hand-over goes
 * through an executor, which orders the writes, so the fields need no synchronization.
 */
public final class QueueEntry {
    /** A {@link ClassicQueue} or a {@link StreamQueue}; for a stream, {@link #seq} is the record's offset. */
    final Queue queue;
    final long seq;
    final Message message;
    boolean redelivered;
    /** Set when dispatched: who received it (null for basic.get). */
    Consumer consumer;
    /** Set by the channel when the delivery is rejected without requeue: the queue dead-letters it. */
    boolean rejected;
    /** When it expires in this queue (epoch ms; {@link MessageExpiry#NEVER} if never). */
    long expiresAt = MessageExpiry.NEVER;
    /** Where the message is stored, or null while it lives in memory only. */
    io.warren.store.queue.StoredPosition position;
    /**
     * A stream delivery the queue loop encoded whole ({@link MessageRecords#encodeDelivery}): method, header and
     * body frames, delivery tag 0 at {@link #tagIndex}, which the channel sets before writing it. Such an entry
     * has no {@link #message}; null once written, and for every other entry.
     */
    private ByteBuf encoded;
    private int tagIndex;

    QueueEntry(Queue queue, long seq, Message message) {
        this.queue = queue;
        this.seq = seq;
        this.message = message;
    }

    /** An entry for a delivery encoded by its queue; takes ownership of {@code encoded}. */
    QueueEntry(Queue queue, long seq, ByteBuf encoded, int tagIndex) {
        this(queue, seq, null);
        this.encoded = encoded;
        this.tagIndex = tagIndex;
    }

    public Queue queue() {
        return queue;
    }

    public long seq() {
        return seq;
    }

    /** The message; null for an {@linkplain #takeEncoded encoded} delivery. */
    public Message message() {
        return message;
    }

    /**
     * The encoded delivery, handed over to the caller (who sets the delivery tag at {@link #tagIndex()} and
     * writes it), or null when the entry carries a {@link #message()} or was taken already.
     */
    public ByteBuf takeEncoded() {
        ByteBuf b = encoded;
        encoded = null;
        return b;
    }

    public int tagIndex() {
        return tagIndex;
    }

    /** Releases what the entry still holds: its message, or its encoded delivery if not taken. */
    public void releaseContent() {
        if (message != null) {
            message.release();
        } else if (encoded != null) {
            encoded.release();
            encoded = null;
        }
    }

    public boolean redelivered() {
        return redelivered;
    }

    public Consumer consumer() {
        return consumer;
    }

    /**
     * basic.reject / basic.nack without requeue (true): the queue dead-letters it if it can; false when a rolled
     * back transaction takes the rejection back. Channel loop only.
     */
    public void setRejected(boolean rejected) {
        this.rejected = rejected;
    }
}
