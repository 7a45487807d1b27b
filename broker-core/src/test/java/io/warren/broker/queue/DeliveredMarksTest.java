package io.warren.broker.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeliveredMarksTest {
    @Test
    void offsetsAndTheirReturnCountsComeBackOnceThenTheFileIsGone(@TempDir Path dir) {
        Map<Long, Integer> marks = new LinkedHashMap<>();
        marks.put(0L, 0);
        marks.put(7L, 3);
        marks.put(1L << 40, 1);
        DeliveredMarks.write(dir, marks);
        assertEquals(marks, DeliveredMarks.readAndClear(dir));
        assertFalse(Files.exists(dir.resolve(DeliveredMarks.FILE)));
        assertNull(DeliveredMarks.readAndClear(dir), "no file: a crash, every message possibly delivered");
    }

    @Test
    void aVersionOneFileOfOffsetsOnlyReadsWithCountsOfZero(@TempDir Path dir) throws IOException {
        try (OutputStream os = Files.newOutputStream(dir.resolve(DeliveredMarks.FILE));
             DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(0x5752444D);
            out.writeShort(1);
            out.writeInt(2);
            out.writeLong(4);
            out.writeLong(9);
        }
        assertEquals(Map.of(4L, 0, 9L, 0), DeliveredMarks.readAndClear(dir));
    }

    @Test
    void aFileThatIsNotOursOrIsCutShortCountsAsACrash(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve(DeliveredMarks.FILE), new byte[] {1, 2, 3, 4, 0, 2});
        assertNull(DeliveredMarks.readAndClear(dir));
        DeliveredMarks.write(dir, Map.of(5L, 2));
        byte[] whole = Files.readAllBytes(dir.resolve(DeliveredMarks.FILE));
        Files.write(dir.resolve(DeliveredMarks.FILE), java.util.Arrays.copyOf(whole, whole.length - 2));
        assertNull(DeliveredMarks.readAndClear(dir));
        assertFalse(Files.exists(dir.resolve(DeliveredMarks.FILE)));
    }
}
