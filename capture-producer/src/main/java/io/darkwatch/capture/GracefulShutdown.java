package io.darkwatch.capture;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM shutdown hook (SIGTERM, SIGINT) that asks a running replay or capture to stop, then waits
 * (up to a grace period) until the work is {@link #close() closed}: everything read published and
 * the counts printed. Without the wait the JVM would halt as soon as the hooks return.
 *
 * <pre>
 * try (GracefulShutdown shutdown = GracefulShutdown.install("replay", job::stop, GRACE)) {
 *     ... run, flush, print ...
 * }
 * </pre>
 */
final class GracefulShutdown implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private GracefulShutdown(String name, Runnable stop, Duration grace) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "darkwatch-" + name + "-shutdown");
    }

    /** Installs the hook; {@code stop} must be safe to call from another thread at any time. */
    static GracefulShutdown install(String name, Runnable stop, Duration grace) {
        GracefulShutdown shutdown = new GracefulShutdown(name, stop, grace);
        Runtime.getRuntime().addShutdownHook(shutdown.hook);
        return shutdown;
    }

    /** The work is done: a hook already running may let the JVM halt; otherwise the hook is removed. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it was waiting for the latch just released.
        }
    }
}
