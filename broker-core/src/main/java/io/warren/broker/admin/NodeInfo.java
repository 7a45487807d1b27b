package io.warren.broker.admin;

/** The node (one JVM): memory, file descriptors, processors, uptime and the memory alarm. */
public record NodeInfo(String name, long memUsed, long memLimit, boolean memAlarm, long fdUsed, long fdTotal,
                       long residentMemory, long heapUsed, long heapMax, int processors, long uptimeMillis) {
}
