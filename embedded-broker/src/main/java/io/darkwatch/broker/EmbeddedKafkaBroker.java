package io.darkwatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) running inside this JVM, on
 * loopback ports, with its log in a temporary directory. Used by {@code darkwatch demo},
 * {@code darkwatch analyze} and the {@code *IT} tests when no Docker engine is available.
 *
 * <p>It is a real Kafka 4.x broker started from the Kafka jars, not a mock: the same code path as a
 * production broker, just one of it. Transaction and offsets topics get replication factor 1 so that
 * exactly-once Kafka Streams works against it.
 *
 * <p>{@link #stop()} and {@link #start()} may be repeated (same ports, same data) to test clients
 * riding out a broker restart; {@link #close()} stops it and deletes its data.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final String clusterId = randomClusterId();
    private boolean formatted;
    private KafkaRaftServer server;

    /** A broker on two free loopback ports with a fresh temporary log directory. */
    public EmbeddedKafkaBroker() {
        this(Map.of());
    }

    /** @param overrides broker properties that replace the defaults (e.g. {@code num.partitions}) */
    public EmbeddedKafkaBroker(Map<String, String> overrides) {
        try {
            this.logDir = Files.createTempDirectory("darkwatch-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
        this.brokerPort = freePort();
        this.controllerPort = freePort();
        this.overrides = Map.copyOf(overrides);
    }

    /** Formats the log directory on first start, then starts broker and controller; returns when both are up. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        Properties props = properties();
        if (!formatted) {
            format(props);
            formatted = true;
        }
        long t0 = System.nanoTime();
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        s.startup();
        server = s;
        LOG.info("embedded Kafka broker up at {} in {} ms (log dir {})", bootstrapServers(),
                (System.nanoTime() - t0) / 1_000_000, logDir);
        return this;
    }

    /** Stops the broker and keeps its data, so that {@link #start()} brings the same cluster back. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** host:port of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(logDir);
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("log.dirs", logDir.resolve("data").toString());
        // One node: every internal topic must be satisfiable with one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // Keep a demo or test run light: small segments and index files, few threads.
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        p.putAll(overrides);
        return p;
    }

    private void format(Properties props) {
        Path config = logDir.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "darkwatch embedded broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString(), "--standalone"},
                    out);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting the embedded broker's storage failed (" + rc + "): "
                    + buffer.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /**
     * A random cluster id in Kafka's format. Kafka's own generator, because it never starts an id
     * with '-': StorageTool would read such an id as an option and fail (1.5 % of java.util.UUIDs do).
     */
    private static String randomClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the embedded broker", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
