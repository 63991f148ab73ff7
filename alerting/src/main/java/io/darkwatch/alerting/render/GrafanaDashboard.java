package io.darkwatch.alerting.render;

import io.darkwatch.common.anomaly.Anomaly;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Links an anomaly to the Grafana dashboard showing its country around its window.
 *
 * <p>The range starts {@link #LOOK_BEHIND} before the window, so the normal level the anomaly departs
 * from is in view, and ends {@link #LOOK_AHEAD} after it, so whatever followed is too.
 *
 * @param baseUrl Grafana's root URL, e.g. {@code https://grafana.example.org} or {@code https://example.org/grafana}
 * @param uid     the dashboard's uid
 */
public record GrafanaDashboard(URI baseUrl, String uid) {
    public static final String DEFAULT_UID = "darkwatch-overview";
    public static final Duration LOOK_BEHIND = Duration.ofHours(6);
    public static final Duration LOOK_AHEAD = Duration.ofHours(1);
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

    public GrafanaDashboard {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(uid, "uid");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("Grafana URL must be an absolute http(s) URL with a host, not '"
                    + baseUrl + "'");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("Grafana URL must be Grafana's root, without ?query or #fragment, not '"
                    + baseUrl + "'");
        }
        if (!UID.matcher(uid).matches()) {
            throw new IllegalArgumentException("Grafana dashboard uid must be 1-40 letters, digits, - or _, not '"
                    + uid + "'");
        }
    }

    /** The dashboard {@value #DEFAULT_UID} under this root URL. */
    public static GrafanaDashboard parse(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("Grafana URL is empty");
        }
        try {
            return new GrafanaDashboard(new URI(baseUrl.strip()), DEFAULT_UID);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Grafana URL '" + baseUrl.strip() + "' is not a valid URL ("
                    + e.getReason() + ")");
        }
    }

    /**
     * {@code <base>/d/<uid>?from=<ms>&to=<ms>&var-country=<code>}, from the window start minus
     * {@link #LOOK_BEHIND} to the window end plus {@link #LOOK_AHEAD}.
     */
    public URI link(Anomaly anomaly) {
        String root = baseUrl.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        long from = anomaly.windowStart().minus(LOOK_BEHIND).toEpochMilli();
        long to = anomaly.windowEnd().plus(LOOK_AHEAD).toEpochMilli();
        return URI.create(root + "/d/" + uid + "?from=" + from + "&to=" + to + "&var-country="
                + URLEncoder.encode(anomaly.country(), StandardCharsets.UTF_8));
    }
}
