package io.gatehouse.platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of Gatehouse's background work (senders, sweeps, retries): daemons with a name, so a
 * stopping server never waits for them and a thread dump says whose they are.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** One daemon thread, named {@code name}, for scheduled work. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name));
    }

    /** {@code size} daemon threads named {@code name-1}, {@code name-2}... */
    public static ExecutorService pool(String name, int size) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(size, r -> daemon(r, name + "-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
