package io.darkwatch.capture.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Metadata;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One MaxMind DB file, opened and checked: metadata (by the reader), search tree
 * ({@link MmdbTreeVerifier}) and a sample of records decoded. A corrupt file fails here, at
 * start-up, with a {@link GeoDatabaseException} naming it, instead of giving wrong countries later.
 */
final class MmdbDatabase implements Closeable {
    /** Records decoded at open: enough to catch a broken data section and to see the record layout. */
    private static final int SAMPLE_RECORDS = 1024;

    private final String name;
    private final Reader reader;
    private final List<Map<?, ?>> sample;

    private MmdbDatabase(String name, Reader reader, List<Map<?, ?>> sample) {
        this.name = name;
        this.reader = reader;
        this.sample = sample;
    }

    static MmdbDatabase open(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new GeoDatabaseException(name, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new GeoDatabaseException(name, "not a regular file");
        }
        Reader reader;
        try {
            reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
        } catch (NoSuchFileException e) {
            throw new GeoDatabaseException(name, "no such file", e);
        } catch (IOException | RuntimeException e) {
            throw corrupt(name, e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return checked(name, reader, whole);
        } catch (IOException e) {
            closeQuietly(reader);
            throw new GeoDatabaseException(name, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    static MmdbDatabase fromBytes(String name, byte[] bytes) {
        Reader reader;
        try {
            reader = new Reader(new ByteArrayInputStream(bytes), new CHMCache());
        } catch (IOException | RuntimeException e) {
            throw corrupt(name, e);
        }
        try {
            return checked(name, reader, ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    private static MmdbDatabase checked(String name, Reader reader, ByteBuffer whole) {
        Metadata metadata = reader.getMetadata();
        if (metadata.getBinaryFormatMajorVersion() != 2) {
            throw new GeoDatabaseException(name, "MaxMind DB format version " + metadata.getBinaryFormatMajorVersion()
                    + " is not supported (2 is)");
        }
        Optional<String> treeProblem = MmdbTreeVerifier.verify(whole, treeParameter(metadata, "getNodeCount"),
                (int) treeParameter(metadata, "getRecordSize"), metadata.getIpVersion());
        if (treeProblem.isPresent()) {
            throw new GeoDatabaseException(name, "corrupt MaxMind database: " + treeProblem.get());
        }
        List<Map<?, ?>> sample = new ArrayList<>();
        try {
            Networks<Map> networks = reader.networks(false, Map.class);
            while (networks.hasNext() && sample.size() < SAMPLE_RECORDS) {
                DatabaseRecord<Map> record = networks.next();
                sample.add(record.getData());
            }
        } catch (Exception e) {
            throw new GeoDatabaseException(name, "corrupt MaxMind database: record " + (sample.size() + 1)
                    + " cannot be decoded: " + rootMessage(e), e);
        }
        return new MmdbDatabase(name, reader, List.copyOf(sample));
    }

    /**
     * Node count and record size are in the metadata, but maxmind-db keeps their getters
     * package-private; the tree cannot be checked without them, so they are read reflectively.
     */
    private static long treeParameter(Metadata metadata, String getter) {
        try {
            Method m = Metadata.class.getDeclaredMethod(getter);
            m.setAccessible(true);
            return ((Number) m.invoke(metadata)).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + getter + " from maxmind-db's Metadata (library version "
                    + "changed?): " + e, e);
        }
    }

    String name() {
        return name;
    }

    String type() {
        String t = reader.getMetadata().getDatabaseType();
        return t == null ? "" : t;
    }

    int ipVersion() {
        return reader.getMetadata().getIpVersion();
    }

    Reader reader() {
        return reader;
    }

    /** Whether any sampled record has this top-level key. */
    boolean sampleHasKey(String key) {
        return sample.stream().anyMatch(m -> m.containsKey(key));
    }

    boolean sampleIsEmpty() {
        return sample.isEmpty();
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    private static GeoDatabaseException corrupt(String name, Exception e) {
        return new GeoDatabaseException(name, "not a valid MaxMind database: " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a read-only database cannot lose data
        }
    }
}
