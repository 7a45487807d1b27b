package io.warren.store.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.MutableClock;
import io.warren.store.log.LogConfig;
import io.warren.store.log.SegmentInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random command sequences against a store and a plain in-memory model (RabbitMQ's classic_queue_prop_SUITE
 * idea without a property-testing library): appends, deliveries, acks in any order, requeues, double acks,
 * reads, purges, flushes, clean reopens and crash reopens (the files of a store that was never closed).
 */
class QueueStoreModelTest {
    static final LogConfig SMALL = new LogConfig(4096, 256, 8192, Duration.ZERO, 128);
    static final int STEPS = 2500;

    @TempDir
    Path tmp;
    final MutableClock clock = new MutableClock();

    record Msg(byte[] bytes, StoredPosition position) {
    }

    static Stream<Arguments> cases() {
        return Stream.of("file", "memory").flatMap(kind -> Stream.of(11L, 22L, 33L, 44L, 55L, 66L)
                .map(seed -> Arguments.of(kind, seed)));
    }

    Path dir;
    QueueStore store;
    final TreeMap<Long, Msg> model = new TreeMap<>();
    final Deque<Long> ready = new ArrayDeque<>();
    final List<Long> inFlight = new ArrayList<>();
    final Deque<StoredPosition> acked = new ArrayDeque<>();

    @ParameterizedTest(name = "{0} store, seed {1}")
    @MethodSource("cases")
    void storeBehavesLikeTheModel(String kind, long seed) {
        Random rnd = new Random(seed);
        boolean file = kind.equals("file");
        dir = tmp.resolve("q0");
        store = file ? FileQueueStore.open(dir, SMALL, clock) : new MemoryQueueStore();
        try {
            for (int step = 0; step < STEPS; step++) {
                int op = rnd.nextInt(100);
                if (op < 35) {
                    append(rnd);
                } else if (op < 50) {
                    if (!ready.isEmpty()) {
                        inFlight.add(ready.pollFirst());          // deliver
                    }
                } else if (op < 65) {
                    if (!inFlight.isEmpty()) {
                        ack(inFlight.remove(rnd.nextInt(inFlight.size())));
                    }
                } else if (op < 73) {
                    if (!inFlight.isEmpty()) {                    // requeue: back to the head of the queue
                        ready.addFirst(inFlight.remove(rnd.nextInt(inFlight.size())));
                    }
                } else if (op < 78) {
                    if (!ready.isEmpty()) {                       // drop from the ready list (no-ack get, expiry)
                        ack(ready.pollLast());
                    }
                } else if (op < 81) {
                    if (!acked.isEmpty()) {
                        assertFalse(store.ack(acked.peekLast()), "second ack of " + acked.peekLast());
                    }
                } else if (op < 91) {
                    read(rnd);
                } else if (op < 94) {
                    flush();
                } else if (op < 96) {
                    if (file) {
                        reopen(false);
                    }
                } else if (op < 97) {
                    if (file) {
                        reopen(true);
                    }
                } else if (op < 99) {
                    if (model.size() > 20 && !inFlight.isEmpty()) {   // a consumer acks everything it holds
                        for (long off : new ArrayList<>(inFlight)) {
                            ack(off);
                        }
                        inFlight.clear();
                    }
                } else if (rnd.nextInt(3) == 0) {
                    assertEquals(model.size(), store.purge());
                    model.clear();
                    ready.clear();
                    inFlight.clear();
                }
                checkCounts();
                if (file && step % 50 == 0) {
                    checkNoFullyAckedSegmentSurvives();
                }
            }
            if (file) {
                reopen(false);
            } else {
                checkRecovered(store.recover());
            }
        } finally {
            store.close();
        }
    }

    private void append(Random rnd) {
        int kind = rnd.nextInt(50);   // 2%: larger than a segment, 8%: a few hundred bytes, else small
        byte[] bytes = new byte[kind == 0 ? 4200 + rnd.nextInt(2000) : kind < 5 ? 300 + rnd.nextInt(900)
                : rnd.nextInt(120)];
        rnd.nextBytes(bytes);
        byte flags = (byte) rnd.nextInt(4);
        int cut = bytes.length == 0 ? 0 : rnd.nextInt(bytes.length);
        StoredPosition p = store.append(flags, ByteBuffer.wrap(bytes, 0, cut),
                ByteBuffer.wrap(bytes, cut, bytes.length - cut));
        assertEquals(bytes.length, p.size());
        assertEquals(flags, p.flags());
        if (!model.isEmpty()) {
            assertTrue(p.offset() > model.lastKey(), "offsets grow");
        }
        model.put(p.offset(), new Msg(bytes, p));
        ready.addLast(p.offset());
    }

    private void ack(long offset) {
        StoredPosition p = model.remove(offset).position();
        assertTrue(store.ack(p), "first ack of " + p);
        acked.addLast(p);
        if (acked.size() > 50) {
            acked.pollFirst();
        }
    }

    private void read(Random rnd) {
        if (model.isEmpty()) {
            return;
        }
        long from = model.firstKey() + (long) rnd.nextInt((int) (model.lastKey() - model.firstKey() + 1));
        Msg m = model.ceilingEntry(from).getValue();
        assertArrayEquals(m.bytes(), store.read(m.position()).array());
    }

    private void flush() {
        try {
            store.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clean: close and open. Crash: open a copy of the files of the open store, then close the original. */
    private void reopen(boolean crash) {
        if (crash) {
            store.writeAcks();   // as a queue does at the end of each batch of work: the crash comes between two
            Path copy = tmp.resolve("q" + System.nanoTime());
            copyDirectory(dir, copy);
            store.close();
            dir = copy;
        } else {
            store.close();
        }
        store = FileQueueStore.open(dir, SMALL, clock);
        checkRecovered(store.recover());
        ready.clear();
        inFlight.clear();
        ready.addAll(model.keySet());   // after a restart every stored message is ready again, in order
    }

    private void checkRecovered(QueueStore.Recovered r) {
        List<StoredPosition> expected = model.values().stream().map(Msg::position).toList();
        assertEquals(expected, new ArrayList<>(r.positions()));
        assertEquals(model.size(), r.messageCount());
        assertEquals(model.values().stream().mapToLong(m -> m.bytes().length).sum(), r.byteCount());
        checkCounts();
    }

    private void checkCounts() {
        assertEquals(model.size(), store.messageCount());
        assertEquals(model.values().stream().mapToLong(m -> m.bytes().length).sum(), store.byteCount());
    }

    private void checkNoFullyAckedSegmentSurvives() {
        List<SegmentInfo> segs = ((FileQueueStore) store).segments();
        for (SegmentInfo s : segs.subList(0, segs.size() - 1)) {
            boolean live = false;
            for (Map.Entry<Long, Msg> e : model.subMap(s.baseOffset(), s.nextOffset()).entrySet()) {
                live |= e.getValue().position().segmentBase() == s.baseOffset();
            }
            assertTrue(live, "segment " + s + " has no unacknowledged message but was not deleted");
        }
    }

    private static void copyDirectory(Path from, Path to) {
        try (Stream<Path> s = Files.list(from)) {
            Files.createDirectories(to);
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
