package io.darkwatch.common.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Kafka client properties from outside the command line: TLS, SASL (SCRAM, OAUTHBEARER, PLAIN),
 * timeouts, config providers — any property a Kafka producer, consumer, admin client or Kafka
 * Streams takes — so the services run against a secured cluster without a flag per property.
 *
 * <p>Two sources, the later winning:
 * <ol>
 *   <li>a Java properties file, given with {@value #CONFIG_FILE_OPTION} or the environment variable
 *       {@value #CONFIG_FILE_ENV} (the format of Kafka's own {@code client.properties});</li>
 *   <li>environment variables named {@value #ENV_PREFIX} + the property name in upper case with
 *       {@code .} written as {@code _}: {@code DARKWATCH_KAFKA_SECURITY_PROTOCOL=SASL_SSL} is
 *       {@code security.protocol=SASL_SSL}. A name with an underscore or dash in it (some plugins'
 *       properties) is written with {@code __} for {@code _} and {@code ___} for {@code -}, the
 *       convention of Confluent's images. {@value #CONFIG_FILE_ENV} itself names the file and is not
 *       a property.</li>
 * </ol>
 * The services put these on top of their own client defaults; a property given on the command line
 * ({@code --producer-property}, {@code --kafka-property}) wins over both. {@code bootstrap.servers}
 * is refused here: every service has its own option for it, and two places for one value invite
 * the wrong one.
 *
 * <p>Nothing here prints a secret value: {@link #describe()} and {@link #toString()} show a secret
 * property (see {@link SecretKeys}) as {@value #REDACTED}, and problems name keys, never values.
 */
public final class KafkaClientProperties {
    public static final String ENV_PREFIX = "DARKWATCH_KAFKA_";
    public static final String CONFIG_FILE_ENV = "DARKWATCH_KAFKA_CONFIG_FILE";
    public static final String CONFIG_FILE_OPTION = "--kafka-config";
    public static final String REDACTED = "[redacted]";
    /** Properties every service sets from its own option. */
    public static final Set<String> REFUSED = Set.of("bootstrap.servers");

    private static final Pattern ENV_SUFFIX = Pattern.compile("[A-Z0-9_]+");
    private static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of(), Map.of());

    private final Map<String, String> values;
    /** Where each property came from, for {@link #describe()}: "file X" or "environment VAR". */
    private final Map<String, String> origins;

    private KafkaClientProperties(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Map.copyOf(origins);
    }

    /** No properties. */
    public static KafkaClientProperties none() {
        return NONE;
    }

    /**
     * Reads the file (when given, else the one {@value #CONFIG_FILE_ENV} names, if any) and the
     * {@value #ENV_PREFIX} variables of {@code environment}.
     *
     * @param file        the {@value #CONFIG_FILE_OPTION} option, or null
     * @param environment the process environment ({@code System.getenv()}; a map in tests)
     * @throws InvalidKafkaPropertiesException with every problem: an unreadable file, a variable that
     *         names no property, a refused property
     */
    public static KafkaClientProperties load(Path file, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        Optional<Path> configFile = Optional.ofNullable(file)
                .or(() -> Optional.ofNullable(environment.get(CONFIG_FILE_ENV)).filter(s -> !s.isBlank()).map(Path::of));
        configFile.ifPresent(path -> readFile(path, file == null, values, origins, problems));
        new TreeMap<>(environment).forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || name.equals(CONFIG_FILE_ENV)) {
                return;
            }
            String suffix = name.substring(ENV_PREFIX.length());
            if (!ENV_SUFFIX.matcher(suffix).matches() || suffix.startsWith("_") || suffix.endsWith("_")) {
                problems.add("environment variable " + name + " names no Kafka property: after " + ENV_PREFIX
                        + " write the property in upper case with _ for '.', __ for '_' and ___ for '-'");
                return;
            }
            String key = propertyName(suffix);
            values.put(key, value);
            origins.put(key, "environment " + name);
        });
        for (String key : values.keySet()) {
            if (REFUSED.contains(key)) {
                problems.add(key + " (from " + origins.get(key) + ") is set with --bootstrap-servers, "
                        + "not as a Kafka client property");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidKafkaPropertiesException(problems);
        }
        return values.isEmpty() ? NONE : new KafkaClientProperties(values, origins);
    }

    /**
     * The property an environment variable's name (without {@value #ENV_PREFIX}) stands for:
     * {@code SSL_TRUSTSTORE_LOCATION} is {@code ssl.truststore.location}; {@code __} is {@code _},
     * {@code ___} is {@code -}.
     */
    public static String propertyName(String envSuffix) {
        StringBuilder key = new StringBuilder();
        String s = envSuffix.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '_') {
                key.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i + run < s.length() && s.charAt(i + run) == '_') {
                run++;
            }
            // Runs of three are dashes, then a leftover pair an underscore, a leftover single a dot.
            key.append("-".repeat(run / 3));
            int rest = run % 3;
            key.append(rest == 2 ? "_" : rest == 1 ? "." : "");
            i += run;
        }
        return key.toString();
    }

    private static void readFile(Path path, boolean fromEnvironment, Map<String, String> values,
            Map<String, String> origins, List<String> problems) {
        String named = "Kafka client properties file " + path
                + (fromEnvironment ? " (named by " + CONFIG_FILE_ENV + ")" : " (" + CONFIG_FILE_OPTION + ")");
        if (!Files.exists(path)) {
            problems.add(named + " does not exist");
            return;
        }
        if (!Files.isRegularFile(path)) {
            problems.add(named + " is not a file");
            return;
        }
        if (!Files.isReadable(path)) {
            problems.add(named + " is not readable by this user");
            return;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape. The message quotes no value.
            problems.add(named + " cannot be read: " + e.getClass().getSimpleName());
            return;
        }
        for (String key : properties.stringPropertyNames()) {
            String trimmed = key.trim();
            if (trimmed.isEmpty()) {
                problems.add(named + " has a line without a property name");
                continue;
            }
            values.put(trimmed, properties.getProperty(key).trim());
            origins.put(trimmed, "file " + path);
        }
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Every property, sorted by name. Holds secrets: hand it to a Kafka client, never to a log. */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * The properties a client with these config names understands (e.g.
     * {@code ProducerConfig.configNames()}), plus every {@code config.providers…} property: a
     * client resolves {@code ${file:…}} references through them.
     */
    public Map<String, String> forClient(Set<String> configNames) {
        return values.entrySet().stream()
                .filter(e -> configNames.contains(e.getKey()) || e.getKey().startsWith("config.providers"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /**
     * A client's configuration with the properties it understands (see {@link #forClient}) put on top
     * of the service's own defaults, e.g. {@code onTopOf(consumerConfig, ConsumerConfig.configNames())}.
     */
    public Map<String, Object> onTopOf(Map<String, Object> config, Set<String> configNames) {
        Map<String, Object> merged = new java.util.HashMap<>(config);
        merged.putAll(forClient(configNames));
        return merged;
    }

    /** These properties with {@code overrides} on top (command-line properties win). */
    public Map<String, String> overriddenBy(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return merged;
    }

    /**
     * One line for the start-up log: each property with its origin, secrets as {@value #REDACTED},
     * e.g. {@code security.protocol=SASL_SSL (environment DARKWATCH_KAFKA_SECURITY_PROTOCOL),
     * sasl.jaas.config=[redacted] (file /etc/darkwatch/kafka/client.properties)}.
     */
    public String describe() {
        if (values.isEmpty()) {
            return "Kafka client properties: none (plaintext, no authentication)";
        }
        return values.keySet().stream()
                .map(k -> k + "=" + (SecretKeys.isSecret(k) ? REDACTED : values.get(k)) + " (" + origins.get(k) + ")")
                .collect(Collectors.joining(", ", "Kafka client properties: ", ""));
    }

    @Override
    public String toString() {
        return describe();
    }
}
