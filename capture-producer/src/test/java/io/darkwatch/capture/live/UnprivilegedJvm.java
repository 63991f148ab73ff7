package io.darkwatch.capture.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts a main class of this test class path in a new JVM as user and group 65534 (nobody), with no
 * supplementary groups and a chosen set of capabilities, through util-linux {@code setpriv}.
 *
 * <p>The test JVM's class path lives in {@code /root/.m2} and the worktree, which uid 65534 may not
 * read, so every entry is copied into a world-readable sandbox under {@code /tmp} (created here, so
 * every parent is traversable), with a world-writable directory for the child's working and
 * temporary files (JNA unpacks its native library there if the system has none).
 */
final class UnprivilegedJvm implements AutoCloseable {
    static final int NOBODY = 65534;

    /** What the child may do beyond an ordinary user, and how it gets it; setpriv's words, checked with setpriv 2.38. */
    enum Capabilities {
        /**
         * CAP_NET_RAW and nothing else, handed on by setpriv: inheritable plus ambient, so it survives
         * the uid change and the exec of java; the bounding set keeps every other one out.
         */
        ONLY_NET_RAW(false, "--inh-caps", "+net_raw", "--ambient-caps", "+net_raw", "--bounding-set", "-all,+net_raw"),
        /**
         * CAP_NET_RAW and nothing else, from the file capability {@code cap_net_raw=eip} on a copy of
         * the java binary ({@code setcap}); setpriv hands on nothing, the bounding set only allows it.
         */
        ONLY_NET_RAW_FROM_SETCAP_ON_JAVA(true, "--inh-caps", "-all", "--bounding-set", "-all,+net_raw"),
        /** None: a uid change from 0 clears the permitted set, and the empty bounding set keeps file capabilities out. */
        NONE(false, "--inh-caps", "-all", "--bounding-set", "-all");

        private final boolean capabilityMarkedJava;
        private final List<String> setprivOptions;

        Capabilities(boolean capabilityMarkedJava, String... setprivOptions) {
            this.capabilityMarkedJava = capabilityMarkedJava;
            this.setprivOptions = List.of(setprivOptions);
        }
    }

    private final Path setpriv;
    private final Path sandbox;
    private final Path work;
    private final String classPath;

    private UnprivilegedJvm(Path setpriv, Path sandbox, Path work, String classPath) {
        this.setpriv = setpriv;
        this.sandbox = sandbox;
        this.work = work;
        this.classPath = classPath;
    }

    /**
     * Why a JVM cannot be started this way here, if it cannot: setpriv needs CAP_SETUID, CAP_SETGID
     * and CAP_SETPCAP (to shrink the bounding set), and can only hand on CAP_NET_RAW it holds.
     */
    static Optional<String> whyUnavailable() throws IOException {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            return Optional.of("not Linux: no /proc/self/status");
        }
        ProcStatus self = ProcStatus.of(ProcessHandle.current().pid());
        List<String> missing = new ArrayList<>();
        for (int cap : new int[] {ProcStatus.CAP_SETUID, ProcStatus.CAP_SETGID, ProcStatus.CAP_SETPCAP,
                ProcStatus.CAP_NET_RAW}) {
            if (!self.hasEffective(cap)) {
                missing.add(switch (cap) {
                    case ProcStatus.CAP_SETUID -> "CAP_SETUID";
                    case ProcStatus.CAP_SETGID -> "CAP_SETGID";
                    case ProcStatus.CAP_SETPCAP -> "CAP_SETPCAP";
                    default -> "CAP_NET_RAW";
                });
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of("the test JVM (uid " + self.uids().get(1) + ") lacks " + String.join(", ", missing)
                    + ", which it needs to start the command as uid " + NOBODY + " holding CAP_NET_RAW; run the "
                    + "tests as root, as CI does");
        }
        if (findSetpriv().isEmpty()) {
            return Optional.of("no setpriv on PATH (util-linux; Debian: apt-get install util-linux)");
        }
        return Optional.empty();
    }

    /** Copies the test class path into a new sandbox; {@link #close()} deletes it. */
    static UnprivilegedJvm prepare() throws IOException {
        Path setpriv = findSetpriv().orElseThrow(() -> new IllegalStateException("no setpriv on PATH"));
        Path sandbox = Files.createTempDirectory(Path.of("/tmp"), "darkwatch-nonroot-");
        try {
            readable(sandbox);
            Path libs = readable(Files.createDirectory(sandbox.resolve("classpath")));
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path source = Path.of(entry);
                if (entry.isEmpty() || !Files.exists(source)) {
                    continue;
                }
                // Numbered: two entries may share a file name (classes/ of two modules, equal jar names).
                Path target = libs.resolve(String.format("%03d-%s", index++, source.getFileName()));
                copyReadable(source, target);
                entries.add(target.toString());
            }
            Path work = sandbox.resolve("work");
            Files.createDirectory(work);
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
            return new UnprivilegedJvm(setpriv, sandbox, work, String.join(java.io.File.pathSeparator, entries));
        } catch (IOException | RuntimeException e) {
            delete(sandbox);
            throw e;
        }
    }

    /**
     * Why a capability-marked java cannot be run here, if it cannot: marking a copy takes setcap
     * (libcap2-bin) and a file system with extended attributes, and giving it the library cache it
     * needs (below) without touching the machine's takes unshare and CAP_SYS_ADMIN.
     */
    Optional<String> whyNoCapabilityMarkedJava() throws IOException {
        if (findOnPath("setcap").isEmpty() || findOnPath("unshare").isEmpty()) {
            return Optional.of("no setcap (libcap2-bin) or unshare (util-linux) on PATH");
        }
        if (!ProcStatus.of(ProcessHandle.current().pid()).hasEffective(ProcStatus.CAP_SYS_ADMIN)) {
            return Optional.of("the test JVM lacks CAP_SYS_ADMIN, which a private mount namespace needs");
        }
        try {
            markedJava();
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Starts {@code main} with these arguments as uid/gid {@value #NOBODY}; output goes to the two files. */
    Process start(Capabilities capabilities, Class<?> main, List<String> args, Path stdout, Path stderr)
            throws IOException {
        List<String> command = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (capabilities.capabilityMarkedJava) {
            // A capability-marked binary runs in secure-execution mode, where ld.so ignores the
            // $ORIGIN/../lib RPATH through which java finds libjli.so: the JDK's lib directory must be in
            // the library cache, as `ldconfig` makes it from /etc/ld.so.conf.d. That cache is built here
            // and mounted over /etc/ld.so.cache in a private mount namespace, for the child only.
            Path cache = markedJava();
            java = sandbox.resolve("jdk/bin/java").toString();
            command.addAll(List.of(findOnPath("unshare").orElseThrow().toString(), "--mount", "--propagation",
                    "private", "sh", "-c", "mount --bind \"$0\" /etc/ld.so.cache && exec \"$@\"", cache.toString()));
        }
        command.addAll(List.of(setpriv.toString(), "--reuid", Integer.toString(NOBODY), "--regid",
                Integer.toString(NOBODY), "--clear-groups"));
        command.addAll(capabilities.setprivOptions);
        command.addAll(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + work, "-Djna.tmpdir=" + work, "-cp",
                classPath, main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("HOME", work.toString());
        return builder.start();
    }

    /**
     * A JDK in the sandbox whose bin/java is a copy marked {@code cap_net_raw=eip} (the rest links to
     * this JDK), and a library cache that also holds the JDK's lib directory; returns the cache.
     */
    private synchronized Path markedJava() throws IOException {
        Path cache = sandbox.resolve("ld.so.cache");
        if (Files.exists(cache)) {
            return cache;
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path jdk = readable(Files.createDirectories(sandbox.resolve("jdk/bin")).getParent());
        readable(jdk.resolve("bin"));
        try (Stream<Path> entries = Files.list(javaHome)) {
            for (Path entry : entries.filter(e -> !e.getFileName().toString().equals("bin")).toList()) {
                Files.createSymbolicLink(jdk.resolve(entry.getFileName().toString()), entry);
            }
        }
        Path java = jdk.resolve("bin/java");
        Files.copy(javaHome.resolve("bin/java"), java);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of(findOnPath("setcap").orElseThrow().toString(), "cap_net_raw=eip", java.toString()),
                "cannot mark a copy of java with setcap");
        Path conf = sandbox.resolve("ld.so.conf");
        Files.writeString(conf, "include /etc/ld.so.conf\n" + javaHome.resolve("lib") + "\n");
        // -X: build the cache only; do not create links in the listed directories.
        run(List.of(findOnPath("ldconfig").map(Path::toString).orElse("/sbin/ldconfig"), "-X", "-f", conf.toString(),
                "-C", cache.toString()), "cannot build a library cache with ldconfig");
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rw-r--r--"));
        return cache;
    }

    private static void run(List<String> command, String failure) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(failure + ": " + String.join(" ", command) + ": " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }

    @Override
    public void close() {
        delete(sandbox);
    }

    private static Optional<Path> findSetpriv() {
        return findOnPath("setpriv");
    }

    private static Optional<Path> findOnPath(String program) {
        // The sbin directories too: CI's root has them on PATH, a plain user's shell may not.
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Arrays.stream(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    private static void copyReadable(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                readable(Files.createDirectories(target.resolve(source.relativize(dir).toString())));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.copy(file, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Path readable(Path dir) throws IOException {
        return Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
