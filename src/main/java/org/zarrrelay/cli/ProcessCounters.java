package org.zarrrelay.cli;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** Counters of the whole process that the benchmarks record next to their timings. */
final class ProcessCounters {
    private ProcessCounters() {
    }

    /** Minor page faults of the whole process so far (Linux), or 0 where /proc is not there. */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (IOException | RuntimeException e) {
            return 0;  // not Linux: the JSON then shows no faults rather than failing the bench
        }
    }

    /** Bytes allocated on the Java heap by all live threads (the chunk pool's included). */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            long[] ids = t.getAllThreadIds();
            return Arrays.stream(t.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
        }
        return 0;
    }

    /**
     * CPU time of all the process's threads (chunk pool, GC, JIT) in nanoseconds, from
     * /proc/self/task/N/schedstat: the JMX process CPU time counts in 10 ms ticks, too coarse here.
     */
    static long cpuNanos() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.mapToLong(t -> {
                try {
                    return Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                } catch (IOException | RuntimeException e) {
                    return 0;  // the thread ended while we listed it
                }
            }).sum();
        } catch (IOException e) {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : 0;
        }
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }
}
