package io.darkwatch.capture.replay;

import io.darkwatch.capture.read.CaptureFileException;
import io.darkwatch.capture.read.CaptureFiles;
import io.darkwatch.capture.read.CaptureFrame;
import io.darkwatch.capture.read.CaptureReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a replay reads: one capture file, every capture in a directory, or the files matching a glob
 * such as {@code /data/sensor1/*.pcap.gz} (rotated captures), put in time order.
 *
 * <p>Order: by each file's <em>first packet timestamp</em>, not by name. Rotation schemes name
 * files differently (tcpdump's {@code -C} appends 1, 2, … 10, which sorts 1, 10, 2 by name; {@code
 * -G} uses strftime patterns that may not sort), and a directory may mix sensors' naming. Reading
 * one frame per file is cheap. Files with the same first timestamp keep name order; files without
 * a single packet go last (they add nothing but are still opened, so a damaged one is reported).
 *
 * <p>Directory: every regular, non-hidden file in it (not its subdirectories), each of which must be
 * a capture. Glob: only the last path element may hold wildcards ({@code * ? [..] {a,b}}, as
 * {@link java.nio.file.FileSystem#getPathMatcher} reads them); quote it in the shell so the program,
 * not the shell, expands it.
 */
public final class ReplayInputs {
    private ReplayInputs() {
    }

    /**
     * The files {@code spec} names, in time order.
     *
     * @throws CaptureFileException when nothing matches, a directory is empty, or a file cannot be opened
     */
    public static List<Path> resolve(String spec) {
        return inTimeOrder(expand(spec));
    }

    /** The files {@code spec} names, in name order (not yet opened). */
    static List<Path> expand(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no capture file, directory or glob given");
        }
        int wildcard = firstWildcard(spec);
        if (wildcard < 0) {
            Path path = Path.of(spec);
            if (Files.isDirectory(path)) {
                List<Path> files = list(path, "*");
                if (files.isEmpty()) {
                    throw new CaptureFileException(path, "directory holds no files to replay");
                }
                return files;
            }
            return List.of(path);
        }
        int slash = spec.lastIndexOf('/', wildcard);
        if (spec.indexOf('/', wildcard) >= 0) {
            throw new IllegalArgumentException("'" + spec + "': only the file name part of a glob may hold wildcards");
        }
        Path dir = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : spec.substring(0, slash));
        String pattern = spec.substring(slash + 1);
        if (!Files.isDirectory(dir)) {
            throw new CaptureFileException(dir, "no such directory (from glob '" + spec + "')");
        }
        List<Path> files = list(dir, pattern);
        if (files.isEmpty()) {
            throw new CaptureFileException(dir, "no file matches '" + pattern + "'");
        }
        return files;
    }

    private static int firstWildcard(String spec) {
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CaptureFileException(dir, "cannot list files matching '" + glob + "': " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }

    /** Opens each file, reads its first frame, and sorts by that timestamp (see the class comment). */
    static List<Path> inTimeOrder(List<Path> files) {
        record Keyed(Path file, long first, boolean empty) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (Path file : files) {
            try (CaptureReader reader = CaptureFiles.open(file)) {
                CaptureFrame frame = reader.next();
                keyed.add(new Keyed(file, frame == null ? Long.MAX_VALUE : frame.timestampNanos(), frame == null));
            }
        }
        keyed.sort(Comparator.comparing(Keyed::empty).thenComparingLong(Keyed::first)
                .thenComparing(k -> k.file().toString()));
        return keyed.stream().map(Keyed::file).toList();
    }
}
