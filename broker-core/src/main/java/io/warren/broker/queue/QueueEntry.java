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
    /**
     * How many times the message came back to its queue (nack, reject or recover with requeue, a channel or
     * consumer going with it unacknowledged): a quorum queue's delivery count. Kept in memory, from the start.
     */
    int returns;
    /** Set when dispatched: who received it (null for basic.get). */
    Consumer consumer;
    /** Set by the channel when the delivery is rejected without requeue: the queue dead-letters it. */
    boolean rejected;
    /** When it expires in this queue (epoch ms; {@link MessageExpiry#NEVER} if never). */
    long expiresAt = MessageExpiry.NEVER;
    /** The priority level it is ready in, of a priority queue ({@link PriorityMessages}); 0 otherwise. */
    int level;
    /** Where the message is stored, or null while it lives in memory only. */
    io.warren.store.queue.StoredPosition position;
    /**
     * For a stream delivery the queue loop encoded ({@link StreamDispatcher}): the buffer holding its method,
     * header and body frames, with delivery tag 0 at {@link #tagIndex}, which the channel sets before writing the
     * buffer. Consecutive deliveries to one consumer share a buffer; the first of them {@linkplain #ownsFrames owns}
     * it (writes or releases it). Such an entry has no {@link #message}; null once written, and for every other
     * entry.
     */
    private ByteBuf frames;
    private int tagIndex;
    private boolean ownsFrames;

    QueueEntry(Queue queue, long seq, Message message) {
        this.queue = queue;
        this.seq = seq;
        this.message = message;
    }

    /** An entry for a delivery encoded by its queue into {@code frames}; takes ownership of it if {@code owner}. */
    QueueEntry(Queue queue, long seq, ByteBuf frames, int tagIndex, boolean owner) {
        this(queue, seq, null);
        this.frames = frames;
        this.tagIndex = tagIndex;
        this.ownsFrames = owner;
    }

    public Queue queue() {
        return queue;
    }

    public long seq() {
        return seq;
    }

    /** The message; null for an {@linkplain #frames() encoded} delivery. */
    public Message message() {
        return message;
    }

    /** The buffer holding this delivery's frames, or null when the entry carries a {@link #message()}. */
    public ByteBuf frames() {
        return frames;
    }

    /** Where this delivery's tag sits in {@link #frames()}. */
    public int tagIndex() {
        return tagIndex;
    }

    /**
     * Forgets {@link #frames()} once its tag is set, returning the buffer if this entry owned it: the caller
     * then writes it (after the tags of the entries that share it), or releases it.
     */
    public ByteBuf takeFrames() {
        ByteBuf owned = ownsFrames ? frames : null;
        frames = null;
        ownsFrames = false;
        return owned;
    }

    /** Releases what the entry still holds: its message, or the frames it owns if they were not taken. */
    public void releaseContent() {
        if (message != null) {
            message.release();
        } else {
            ByteBuf owned = takeFrames();
            if (owned != null) {
                owned.release();
            }
        }
    }

    public boolean redelivered() {
        return redelivered;
    }

    /**
     * The delivery count a quorum queue shows in {@code x-delivery-count} (the times the message came back to the
     * queue), or -1 for the other queue types, whose deliveries carry no such header.
     */
    public int deliveryCount() {
        return queue instanceof ClassicQueue q && q.quorum ? returns : -1;
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
