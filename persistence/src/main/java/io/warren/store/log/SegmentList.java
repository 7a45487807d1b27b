package io.warren.store.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The segments of one log, oldest first, as a copy-on-write array behind a volatile field: the owning thread
 * replaces the array on roll and deletion, and any thread (the sync thread, stats readers) can take a snapshot
 * without locking. Lookups binary-search a snapshot by base offset.
 * <p>Confinement: mutators run on the owning log's thread; {@link #snapshot()} and the lookups are thread-safe.
 */
final class SegmentList {
    private volatile LogSegment[] array;

    SegmentList(LogSegment[] initial) {
        if (initial.length == 0) {
            throw new IllegalArgumentException("a log has at least one segment");
        }
        this.array = initial;
    }

    LogSegment[] snapshot() {
        return array;
    }

    int size() {
        return array.length;
    }

    LogSegment first() {
        return array[0];
    }

    void add(LogSegment s) {
        LogSegment[] cur = array;
        LogSegment[] next = Arrays.copyOf(cur, cur.length + 1);
        next[cur.length] = s;
        array = next;
    }

    void remove(LogSegment s) {
        LogSegment[] cur = array;
        LogSegment[] next = new LogSegment[cur.length - 1];
        int j = 0;
        for (LogSegment c : cur) {
            if (c != s) {
                next[j++] = c;
            }
        }
        array = next;
    }

    void replaceAll(LogSegment only) {
        array = new LogSegment[] {only};
    }

    List<SegmentInfo> infos() {
        LogSegment[] snap = array;
        List<SegmentInfo> out = new ArrayList<>(snap.length);
        for (LogSegment s : snap) {
            out.add(s.info());
        }
        return out;
    }

    long totalBytes() {
        long total = 0;
        for (LogSegment s : array) {
            total += s.size();
        }
        return total;
    }

    /** The segment whose base offset is exactly {@code base}, or null. */
    LogSegment withBase(long base) {
        LogSegment[] snap = array;
        int i = floorIndex(snap, base);
        return i >= 0 && snap[i].baseOffset() == base ? snap[i] : null;
    }

    /** The last segment whose base is {@code <= offset}, or the first one if {@code offset} precedes them all. */
    LogSegment containing(long offset) {
        LogSegment[] snap = array;
        return snap[Math.max(0, floorIndex(snap, offset))];
    }

    /** The segment following the one with base {@code base}, or null if none follows. */
    LogSegment after(long base) {
        LogSegment[] snap = array;
        int i = floorIndex(snap, base) + 1;
        return i < snap.length ? snap[i] : null;
    }

    private static int floorIndex(LogSegment[] snap, long base) {
        int lo = 0;
        int hi = snap.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (snap[mid].baseOffset() <= base) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
