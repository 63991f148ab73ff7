package io.darkwatch.alerting.slack;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Slack incoming-webhook URL. The URL is itself the credential (anyone holding it can post to the
 * channel), so {@link #toString()} is redacted and every text that could carry it goes through
 * {@link #scrub(String)} before it is logged, counted or thrown.
 *
 * <p>https is required; plain http is accepted only for a loopback host (a local test server).
 */
public record SlackWebhookUrl(URI uri) {

    private static final String HIDDEN = "***";
    /** Path segments at least this long are treated as secret when they show up on their own. */
    private static final int SECRET_SEGMENT_LENGTH = 6;

    public SlackWebhookUrl {
        Objects.requireNonNull(uri, "uri");
        String problem = problemWith(uri);
        if (problem != null) {
            throw new IllegalArgumentException("Slack webhook URL " + problem);
        }
    }

    /**
     * Parses the text of an environment variable or secret file; surrounding whitespace (the
     * newline a secret file usually ends with) is ignored. The error message never repeats the URL.
     */
    public static SlackWebhookUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Slack webhook URL is empty");
        }
        try {
            return new SlackWebhookUrl(new URI(text.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Slack webhook URL is not a valid URL ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    /** {@code https://hooks.slack.com/services/***}: where it goes, without the secret part. */
    public String redacted() {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int second = path.indexOf('/', 1);
        String keep = second > 0 ? path.substring(0, second + 1) : "/";
        return uri.getScheme() + "://" + uri.getRawAuthority() + keep + HIDDEN;
    }

    /** Replaces the URL, its path and each longer path segment in {@code text} by {@code ***}. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replace(uri.toString(), redacted());
        String path = uri.getRawPath();
        if (path != null && path.length() > 1) {
            out = out.replace(path, HIDDEN);
        }
        for (String segment : secretSegments()) {
            out = out.replace(segment, HIDDEN);
        }
        return out;
    }

    @Override
    public String toString() {
        return redacted();
    }

    private List<String> secretSegments() {
        List<String> out = new ArrayList<>();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String[] segments = path.split("/");
        // The first segment ("services") names the API, not the hook: keep it readable.
        for (int i = 2; i < segments.length; i++) {
            if (segments[i].length() >= SECRET_SEGMENT_LENGTH) {
                out.add(segments[i]);
            }
        }
        return out;
    }

    private static String problemWith(URI uri) {
        if (!uri.isAbsolute() || uri.getScheme() == null) {
            return "must be absolute (https://hooks.slack.com/services/…)";
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "has no host";
        }
        if (uri.getRawPath() == null || uri.getRawPath().length() <= 1) {
            return "has no path (a webhook URL looks like https://hooks.slack.com/services/T…/B…/…)";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return null;
        }
        return "must use https (plain http only to a loopback test server), not '" + scheme + "'";
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean ipLiteral = literal.indexOf(':') >= 0 || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!ipLiteral) {
            return false; // never resolve names here: validation must not depend on DNS
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
