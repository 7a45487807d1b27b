package io.warren.broker.queue;

import java.util.Map;

/**
 * Where a stream keeps the committed offsets of its consumer groups. Implementations write asynchronously (a
 * metadata commit waits for the disk): the methods only enqueue the write and never block the calling queue loop.
 * Thread-safe.
 */
public interface GroupOffsetStore {
    /** Stores that group {@code group} of {@code stream} has processed everything up to {@code offset}. */
    void commit(String vhost, String stream, String group, long offset);

    /** Forgets the group's offset (a reset). */
    void delete(String vhost, String stream, String group);

    /** The stored offsets of a stream's groups; read once when the stream is restored at start. */
    Map<String, Long> load(String vhost, String stream);

    /** Keeps nothing (tests, and brokers without a metadata store). */
    GroupOffsetStore NONE = new GroupOffsetStore() {
        @Override
        public void commit(String vhost, String stream, String group, long offset) {
        }

        @Override
        public void delete(String vhost, String stream, String group) {
        }

        @Override
        public Map<String, Long> load(String vhost, String stream) {
            return Map.of();
        }
    };
}
