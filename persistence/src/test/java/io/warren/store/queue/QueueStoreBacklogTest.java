package io.warren.store.queue;

import io.warren.store.log.LogConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueStoreBacklogTest {
    @TempDir
    Path dir;

    private QueueStore open(String kind) {
        return kind.equals("file") ? FileQueueStore.open(dir, LogConfig.classicQueue(), Clock.systemUTC())
                : new MemoryQueueStore();
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void theBacklogSkipsAcknowledgedRecordsAndSeesLaterAppends(String kind) {
        try (QueueStore store = open(kind)) {
            List<StoredPosition> positions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                positions.add(store.append((byte) 1, text("m" + i)));
            }
            store.ack(positions.get(0));
            store.ack(positions.get(4));
            QueueStore.Backlog backlog = store.backlog(positions.get(2).offset());
            List<String> seen = new ArrayList<>();
            while (backlog.next()) {
                seen.add(read(backlog.payload()));
                assertEquals(backlog.position().size(), backlog.payload().remaining());
            }
            assertEquals(List.of("m2", "m3", "m5", "m6", "m7", "m8", "m9"), seen);
            assertEquals(positions.get(9).offset() + 1, store.nextOffset());

            store.append((byte) 0, text("late"));
            assertTrue(backlog.next(), "a cursor at the end sees what is appended after it");
            assertEquals("late", read(backlog.payload()));
            assertEquals(0, backlog.position().flags());
            assertFalse(backlog.next());
        }
    }
}
