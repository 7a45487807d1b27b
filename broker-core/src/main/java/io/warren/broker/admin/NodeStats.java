package io.warren.broker.admin;

import io.warren.broker.MemoryAlarm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads what the node reports about itself: memory as the memory alarm counts it, resident set size from
 * {@code /proc/self/statm} (Linux; 0 elsewhere), file descriptors from the JVM's operating-system bean.
 * Stateless; each call reads fresh values.
 */
final class NodeStats {
    private static final long PAGE_SIZE = 4096;

    private NodeStats() {
    }

    static NodeInfo read(String name, MemoryAlarm alarm, long startedAt) {
        Runtime rt = Runtime.getRuntime();
        long fdUsed = -1;
        long fdMax = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            fdUsed = os.getOpenFileDescriptorCount();
            fdMax = os.getMaxFileDescriptorCount();
        }
        return new NodeInfo(name, alarm.used(), alarm.limit(), alarm.active(), fdUsed, fdMax, residentBytes(),
                rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), rt.availableProcessors(),
                System.currentTimeMillis() - startedAt);
    }

    /** Resident set size: the second field of /proc/self/statm, in pages. */
    static long residentBytes() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
