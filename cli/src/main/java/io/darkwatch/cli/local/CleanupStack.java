package io.darkwatch.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a local run started or created, closed or deleted in reverse order, once — at the end of
 * the run or from a shutdown hook when the user presses Ctrl-C, so that an interrupted demo does not
 * leave a broker log, a state directory and a capture (100 MB and more) behind in the temp folder.
 */
public final class CleanupStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupStack.class);
    private final Deque<AutoCloseable> stack = new ArrayDeque<>();
    private boolean closed;

    public synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            closeQuietly(resource);
            throw new IllegalStateException("the run is shutting down");
        }
        stack.push(resource);
        return resource;
    }

    /** A new temporary directory, deleted with everything in it on close. */
    public Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        add(() -> deleteRecursively(dir));
        return dir;
    }

    /** Registers this stack to run on JVM shutdown (Ctrl-C, SIGTERM) until it is closed normally. */
    public Thread closeOnShutdown() {
        Thread hook = new Thread(this::close, "darkwatch-local-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Closes everything and, when called from the run's own thread, unregisters the shutdown hook. */
    public void closeAndForget(Thread hook) {
        close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!stack.isEmpty()) {
            closeQuietly(stack.pop());
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("cleaning up after the run: {}", e.toString());
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
