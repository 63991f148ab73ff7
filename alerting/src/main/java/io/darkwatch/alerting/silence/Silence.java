package io.darkwatch.alerting.silence;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.AnomalyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A silence: alerts of this country and/or type are not sent until {@code endsAt}. Stored as JSON on
 * the compacted topic {@code darkwatch.alerting.silences} under its id; a null value there removes it.
 *
 * @param id        unique id (a UUID), the record key
 * @param country   ISO 3166-1 alpha-2 code it matches, or null for any country
 * @param type      anomaly type it matches, or null for any type (at least one of the two is set)
 * @param createdAt when it was added
 * @param endsAt    when it stops matching (exclusive)
 * @param comment   why (shown in {@code silence list})
 * @param author    who added it
 */
@JsonPropertyOrder({"id", "country", "type", "createdAt", "endsAt", "comment", "author"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Silence(String id, String country, AnomalyType type, Instant createdAt, Instant endsAt, String comment,
        String author) {
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    public static final int MAX_TEXT = 500;

    public Silence {
        List<String> problems = problems(country, type, createdAt, endsAt, comment, author);
        if (id == null || id.isBlank()) {
            problems.add(0, "a silence needs an id");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Every problem with these values, empty when they make a silence. */
    public static List<String> problems(String country, AnomalyType type, Instant createdAt, Instant endsAt,
            String comment, String author) {
        List<String> problems = new ArrayList<>();
        if (country == null && type == null) {
            problems.add("a silence needs a country, a type or both (it would silence everything)");
        }
        if (country != null && !COUNTRY.matcher(country).matches()) {
            problems.add("country '" + country + "' is not a two-letter ISO 3166-1 code in capitals");
        }
        if (type == AnomalyType.UNKNOWN) {
            problems.add("type UNKNOWN cannot be silenced; name BACKSCATTER_SURGE or OUTAGE");
        }
        if (createdAt == null || endsAt == null) {
            problems.add("a silence needs its creation and end time");
        } else if (!endsAt.isAfter(createdAt)) {
            problems.add("a silence must end after it starts (ends " + endsAt + ", created " + createdAt + ")");
        }
        if (comment == null || comment.isBlank()) {
            problems.add("a silence needs a comment saying why");
        } else if (comment.length() > MAX_TEXT) {
            problems.add("the comment is longer than " + MAX_TEXT + " characters");
        }
        if (author == null || author.isBlank()) {
            problems.add("a silence needs an author");
        } else if (author.length() > MAX_TEXT) {
            problems.add("the author is longer than " + MAX_TEXT + " characters");
        }
        return problems;
    }

    /** True while it lasts, for an alert of its country and type. */
    public boolean matches(Anomaly anomaly, Instant now) {
        return isActive(now) && (country == null || country.equals(anomaly.country()))
                && (type == null || type == anomaly.type());
    }

    public boolean isActive(Instant now) {
        return now.isBefore(endsAt);
    }
}
