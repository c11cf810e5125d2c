package org.zarrrelay.volume;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How much native buffer memory a piece of I/O leaves behind. The JDK copies array-backed buffers
 * through temporary direct buffers that it keeps per thread, and the platform's "direct" buffer pool
 * counts them; run on a new thread, the action starts with none cached and its buffers are still
 * counted when it returns.
 */
public final class DirectBufferGrowth {
    private DirectBufferGrowth() {
    }

    /** Something that does I/O. */
    public interface Action {
        void run() throws Exception;
    }

    /** How many bytes the direct buffer pool grew while a new thread ran {@code action}. */
    public static long onFreshThread(Action action) throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
        AtomicLong growth = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            long before = direct.getTotalCapacity();
            try {
                action.run();
            } catch (Throwable e) {
                failure.set(e);
            }
            growth.set(direct.getTotalCapacity() - before);
        }, "direct-buffer-growth");
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError("the measured action failed", failure.get());
        }
        return growth.get();
    }
}
