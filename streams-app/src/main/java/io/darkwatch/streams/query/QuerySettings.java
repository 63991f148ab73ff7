package io.darkwatch.streams.query;

import io.darkwatch.streams.settings.InvalidSettingsException;
import io.darkwatch.streams.topology.QueryStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the query API is served.
 *
 * @param port           HTTP port of the query API; 0 picks a free port, -1 turns the API off
 * @param advertisedHost the host name or address the other instances reach this one at; published
 *                       to them as Kafka Streams' {@code application.server} (so it must be routable
 *                       from the peers: a pod IP or DNS name, not {@code localhost} when instances
 *                       run on several machines)
 * @param retention      how long closed windows stay queryable (the history store's retention); a
 *                       top-N query over a period also reads the period before it, so twice the
 *                       longest period anyone asks about
 */
public record QuerySettings(int port, String advertisedHost, Duration retention) {
    public static final int DEFAULT_PORT = 9412;
    public static final int OFF = -1;
    public static final Duration DEFAULT_RETENTION = QueryStores.DEFAULT_RETENTION;

    /** @throws InvalidSettingsException listing every problem */
    public QuerySettings {
        List<String> problems = new ArrayList<>();
        if (port < OFF || port > 65_535) {
            problems.add("query port " + port + " must be 0-65535, or -1 for no query API");
        }
        if (port != OFF && (advertisedHost == null || advertisedHost.isBlank() || advertisedHost.contains(":"))) {
            problems.add("query advertised host '" + advertisedHost + "' must be a host name or IPv4 address"
                    + " the other instances can reach");
        }
        if (retention == null || retention.compareTo(Duration.ofHours(1)) < 0
                || retention.compareTo(Duration.ofDays(400)) > 0) {
            problems.add("query retention " + retention + " must be between 1h and 400d");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** No query API; the history is still kept (the stores are part of the topology either way). */
    public static QuerySettings off() {
        return new QuerySettings(OFF, null, DEFAULT_RETENTION);
    }

    public boolean enabled() {
        return port != OFF;
    }
}
