package io.darkwatch.alerting.grouping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When grouped alerts go out, after Alertmanager's timers of the same names and defaults.
 *
 * @param groupWait      how long a new group waits for more alerts before its first message (30 s)
 * @param groupInterval  how long a group that has sent waits before sending the alerts that came since (5 min)
 * @param repeatInterval how often a group whose episodes stay open is sent again as a reminder (4 h)
 */
public record GroupingSettings(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

    public GroupingSettings {
        List<String> problems = problems(groupWait, groupInterval, repeatInterval);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static GroupingSettings defaults() {
        return new GroupingSettings(DEFAULT_GROUP_WAIT, DEFAULT_GROUP_INTERVAL, DEFAULT_REPEAT_INTERVAL);
    }

    /** Every problem with these values, empty when they can be used. */
    public static List<String> problems(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
        List<String> problems = new ArrayList<>();
        if (groupWait == null || groupWait.isNegative()) {
            problems.add("group wait must be zero or more, not " + groupWait);
        }
        if (groupInterval == null || groupInterval.isNegative() || groupInterval.isZero()) {
            problems.add("group interval must be more than zero, not " + groupInterval);
        }
        if (repeatInterval == null || repeatInterval.isNegative() || repeatInterval.isZero()) {
            problems.add("repeat interval must be more than zero, not " + repeatInterval);
        } else if (groupInterval != null && repeatInterval.compareTo(groupInterval) < 0) {
            // A reminder more often than new alerts may be sent makes no sense (Alertmanager warns likewise).
            problems.add("repeat interval " + repeatInterval + " must not be shorter than group interval "
                    + groupInterval);
        }
        return problems;
    }
}
