package io.darkwatch.alerting.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.darkwatch.alerting.config.InvalidSettingsException;
import io.darkwatch.alerting.slack.SlackWebhookUrl;
import io.darkwatch.common.anomaly.AnomalyType;
import io.darkwatch.common.anomaly.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a routes file (YAML; JSON is YAML too) and resolves each route's webhook, reporting every
 * problem in one {@link InvalidSettingsException}:
 *
 * <pre>
 * routes:                         # first match wins
 *   - name: ukraine-backscatter
 *     match:                      # all given conditions must hold; a list or one value each
 *       type: BACKSCATTER_SURGE   # BACKSCATTER_SURGE, OUTAGE
 *       country: [UA, RU]         # ISO 3166-1 alpha-2
 *       severity: CRITICAL        # WARNING, CRITICAL (RESOLVED steps pass any severity)
 *     webhook_env: SLACK_WEBHOOK_UA          # the environment variable holding the URL
 *   - name: outages
 *     match: {type: OUTAGE}
 *     webhook_file: /run/secrets/slack-outages  # or a file holding it (a mounted secret)
 *   - name: default               # the last route has no match: it takes the rest
 *     webhook_env: SLACK_WEBHOOK_URL
 * </pre>
 *
 * <p>A webhook URL is a secret, so it is never accepted inside the file (which may be committed to
 * a repository) and never appears in a message: problems name the variable or file, not the value.
 */
public final class RoutesFile {
    private static final Set<String> ROUTE_KEYS = Set.of("name", "match", "webhook_env", "webhook_file");
    private static final Set<String> MATCH_KEYS = Set.of("type", "country", "severity");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern SLACK_URL_LIKE = Pattern.compile("(?i)https?://.*");

    private RoutesFile() {
    }

    /** Loads and checks {@code file}; {@code env} is {@code System::getenv} in production, a map's get in tests. */
    public static Routes load(Path file, Function<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw new InvalidSettingsException(List.of("cannot read the routes file " + file + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage()));
        }
        return parse(text, file.toString(), env);
    }

    /** Parses routes from {@code text}; {@code origin} names it in problems. */
    public static Routes parse(String text, String origin, Function<String, String> env) {
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (IOException e) {
            // The parser's message quotes the offending line, which could hold a pasted URL: keep only where.
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() : "";
            throw new InvalidSettingsException(List.of("routes file " + origin + " is not valid YAML" + where));
        }
        if (root == null || !root.isObject() || !root.path("routes").isArray() || root.path("routes").isEmpty()) {
            throw new InvalidSettingsException(List.of("routes file " + origin
                    + " must have a non-empty list 'routes:' (see the alerting README for the format)"));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!"routes".equals(key)) {
                problems.add("routes file " + origin + ": unknown key '" + key + "' (only 'routes')");
            }
        }
        List<Route> routes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        JsonNode list = root.get("routes");
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String name = node.path("name").isTextual() ? node.get("name").asText() : null;
            String where = "routes file " + origin + ", route " + (i + 1) + (name == null ? "" : " (" + name + ")");
            int before = problems.size();
            if (!node.isObject()) {
                problems.add(where + ": must be a mapping with name, match and webhook_env or webhook_file");
                continue;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!ROUTE_KEYS.contains(key)) {
                    problems.add(where + ": unknown key '" + key + "'" + (key.toLowerCase(Locale.ROOT).contains("url")
                            || key.equals("webhook") ? "; webhook URLs are secrets and never go in this file, "
                            + "name them with webhook_env or webhook_file" : ""));
                }
            }
            if (name == null || !Route.NAME.matcher(name).matches()) {
                problems.add(where + ": name must be 1-40 of a-z, 0-9, '-', '_'");
            } else if (!names.add(name)) {
                problems.add(where + ": name '" + name + "' is used by an earlier route");
            }
            RouteMatch match = match(node.path("match"), where, problems);
            boolean last = i == list.size() - 1;
            if (last && match != null && !match.matchesEverything()) {
                problems.add(where + ": the last route must have no match (it is the default route for everything else)");
            } else if (!last && unconditional(node.path("match"))) {
                problems.add(where + ": matches everything, so the routes after it would never be used; "
                        + "give it a match or move it to the end");
            }
            SlackWebhookUrl webhook = webhook(node, where, env, problems);
            if (problems.size() == before) {
                routes.add(new Route(name, match, webhook));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return new Routes(routes);
    }

    /** No match given at all (not one whose values were all rejected, which is reported as such). */
    private static boolean unconditional(JsonNode match) {
        return match.isMissingNode() || match.isNull() || (match.isObject() && match.isEmpty());
    }

    private static RouteMatch match(JsonNode node, String where, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return RouteMatch.EVERYTHING;
        }
        if (!node.isObject()) {
            problems.add(where + ": match must be a mapping of type, country and severity");
            return null;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!MATCH_KEYS.contains(key)) {
                problems.add(where + ": unknown match key '" + key + "' (type, country, severity)");
            }
        }
        Set<AnomalyType> types = new LinkedHashSet<>();
        for (String v : values(node.get("type"), where, "type", problems)) {
            try {
                types.add(AnomalyType.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": unknown type '" + v + "' (" + List.of(AnomalyType.BACKSCATTER_SURGE,
                        AnomalyType.OUTAGE) + ")");
            }
        }
        Set<String> countries = new LinkedHashSet<>();
        for (String v : values(node.get("country"), where, "country", problems)) {
            String code = v.toUpperCase(Locale.ROOT);
            if (COUNTRY.matcher(code).matches()) {
                countries.add(code);
            } else {
                problems.add(where + ": country '" + v + "' is not a two-letter ISO 3166-1 code");
            }
        }
        Set<Severity> severities = new LinkedHashSet<>();
        for (String v : values(node.get("severity"), where, "severity", problems)) {
            try {
                severities.add(Severity.valueOf(v.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": unknown severity '" + v + "' (" + List.of(Severity.values()) + ")");
            }
        }
        return new RouteMatch(types, countries, severities);
    }

    private static List<String> values(JsonNode node, String where, String key, List<String> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> out.add(v.asText()));
        } else if (node.isValueNode()) {
            out.add(node.asText());
        } else {
            problems.add(where + ": " + key + " must be one value or a list");
        }
        if (node.isArray() && node.isEmpty()) {
            problems.add(where + ": " + key + " is an empty list; leave it out to match any");
        }
        return out;
    }

    private static SlackWebhookUrl webhook(JsonNode node, String where, Function<String, String> env,
            List<String> problems) {
        boolean hasEnv = node.hasNonNull("webhook_env");
        boolean hasFile = node.hasNonNull("webhook_file");
        if (hasEnv == hasFile) {
            problems.add(where + ": give exactly one of webhook_env (an environment variable) or webhook_file");
            return null;
        }
        String text;
        String source;
        if (hasEnv) {
            String variable = node.get("webhook_env").asText();
            if (SLACK_URL_LIKE.matcher(variable).matches()) {
                problems.add(where + ": webhook_env must name an environment variable, not hold the URL "
                        + "(a secret that must not be in this file)");
                return null;
            }
            source = "environment variable " + variable;
            text = env.apply(variable);
            if (text == null || text.isBlank()) {
                problems.add(where + ": " + source + " is not set");
                return null;
            }
        } else {
            String file = node.get("webhook_file").asText();
            source = "file " + file;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException e) {
                problems.add(where + ": cannot read the webhook URL from " + source + ": "
                        + e.getClass().getSimpleName());
                return null;
            }
        }
        try {
            return SlackWebhookUrl.parse(text);
        } catch (IllegalArgumentException e) {
            // SlackWebhookUrl's messages never repeat the URL.
            problems.add(where + ": " + source + ": " + e.getMessage());
            return null;
        }
    }
}
