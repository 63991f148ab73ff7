package io.darkwatch.alerting.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.darkwatch.alerting.testing.Anomalies;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.anomaly.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertGroupsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private final AlertGroups<Integer> groups = new AlertGroups<>(GroupingSettings.defaults());
    private int offset;

    private boolean add(Anomaly a, Instant at) {
        return groups.add("default", new Grouped<>(a, offset++), at);
    }

    private static Anomaly ongoing(String id, Severity severity) {
        Anomaly a = Anomalies.backscatter(id, EpisodeStatus.ONGOING, 1, 300, List.of(), List.of());
        return new Anomaly(a.version(), a.id(), a.type(), a.country(), a.windowStart(), a.windowEnd(), a.status(),
                severity, a.observed(), a.expected(), a.score(), a.detector(), a.episodeStart(), a.episodeEnd(),
                a.details());
    }

    @Test
    void shouldHoldTheFirstAlertForTheGroupWaitAndSendEverythingThatArrivedMeanwhileAsOneMessage() {
        // Given three alerts within ten seconds
        add(Anomalies.openSurge("A"), T0);
        add(Anomalies.outage("B", EpisodeStatus.OPEN), T0.plusSeconds(5));
        add(Anomalies.openSurge("C"), T0.plusSeconds(10));

        // When time passes up to just before the group wait, nothing is due
        assertEquals(List.of(), groups.due(T0.plusSeconds(29)));
        assertEquals(3, groups.waiting());

        // Then at 30 s one message carries all three, with their sources in arrival order
        List<GroupFlush<Integer>> due = groups.due(T0.plusSeconds(30));
        assertEquals(1, due.size());
        assertEquals(List.of("A", "B", "C"), due.get(0).alerts().stream().map(Anomaly::id).toList());
        assertEquals(List.of(0, 1, 2), due.get(0).events().stream().map(Grouped::source).toList());
        assertFalse(due.get(0).reminder());
        assertEquals(0, groups.waiting());
    }

    @Test
    void shouldSendLaterAlertsOfAGroupThatHasSentOnlyAfterTheGroupInterval() {
        // Given a group that sent at 30 s
        add(Anomalies.openSurge("A"), T0);
        groups.due(T0.plusSeconds(30));

        // When a new alert comes a minute later
        add(Anomalies.outage("B", EpisodeStatus.OPEN), T0.plusSeconds(90));

        // Then it waits for the group interval after the last message (30 s + 5 min), not just the group wait
        assertEquals(List.of(), groups.due(T0.plusSeconds(120)));
        assertEquals(List.of(), groups.due(T0.plusSeconds(329)));
        List<GroupFlush<Integer>> due = groups.due(T0.plusSeconds(330));
        assertEquals(List.of("B"), due.get(0).alerts().stream().map(Anomaly::id).toList());
    }

    @Test
    void shouldShowTheLatestStepOfAnEpisodeOnceButAnswerForEveryEvent() {
        // Given OPEN then RESOLVED of the same episode within the group wait
        add(Anomalies.openSurge("A"), T0);
        add(Anomalies.backscatter("A", EpisodeStatus.RESOLVED, 3, 12, List.of(), List.of()), T0.plusSeconds(10));

        GroupFlush<Integer> flush = groups.due(T0.plusSeconds(30)).get(0);

        // Then the message shows RESOLVED only, and both events are answered for
        assertEquals(List.of(EpisodeStatus.RESOLVED), flush.alerts().stream().map(Anomaly::status).toList());
        assertEquals(2, flush.events().size());
        // and a resolved episode leaves nothing to remind of: the group is forgotten
        assertEquals(0, groups.size());
    }

    @Test
    void shouldRemindOfAnOpenEpisodeAtTheRepeatIntervalWithItsLatestUpdate() {
        // Given an episode sent at 30 s and still open
        add(Anomalies.openSurge("A"), T0);
        groups.due(T0.plusSeconds(30));

        // When an ONGOING update of the same severity comes, it needs no message of its own
        assertFalse(add(ongoing("A", Severity.CRITICAL), T0.plusSeconds(600)));
        assertEquals(0, groups.waiting());

        // Then nothing is due until four hours after the last message, then a reminder with the update
        assertEquals(List.of(), groups.due(T0.plusSeconds(30).plus(Duration.ofHours(4)).minusSeconds(1)));
        List<GroupFlush<Integer>> due = groups.due(T0.plusSeconds(30).plus(Duration.ofHours(4)));
        assertEquals(1, due.size());
        assertTrue(due.get(0).reminder());
        assertEquals(List.of(EpisodeStatus.ONGOING), due.get(0).alerts().stream().map(Anomaly::status).toList());
        assertEquals(List.of(), due.get(0).events());
        // and the next one four hours after that
        assertEquals(List.of(), groups.due(T0.plus(Duration.ofHours(6))));
        assertEquals(1, groups.due(T0.plusSeconds(30).plus(Duration.ofHours(8))).size());
    }

    @Test
    void shouldSendAnUpdateWhoseSeverityRoseOrWhoseEpisodeWasNeverSent() {
        // Given a WARNING episode that was sent
        add(ongoingOpen("A", Severity.WARNING), T0);
        groups.due(T0.plusSeconds(30));

        // Then its escalation to CRITICAL is news, and so is an update of an episode never sent
        assertTrue(add(ongoing("A", Severity.CRITICAL), T0.plusSeconds(60)));
        assertTrue(add(ongoing("B", Severity.WARNING), T0.plusSeconds(61)));
        assertEquals(2, groups.waiting());
    }

    @Test
    void shouldDrainEverythingWaitingAtOnce() {
        add(Anomalies.openSurge("A"), T0);

        List<GroupFlush<Integer>> drained = groups.drain(T0.plusSeconds(1));

        assertEquals(1, drained.size());
        assertEquals(0, groups.waiting());
        assertEquals(List.of(), groups.due(T0.plusSeconds(31)));
    }

    @Test
    void shouldForgetTheWaitingEventsOfLostPartitionsAndSendOnlyTheRest() {
        // Given an episode already sent, then A, B and C waiting (B read from a partition about to be lost)
        add(Anomalies.openSurge("SENT"), T0);
        groups.due(T0.plusSeconds(30));
        add(Anomalies.openSurge("A"), T0.plusSeconds(40));
        add(Anomalies.outage("B", EpisodeStatus.OPEN), T0.plusSeconds(41));
        add(Anomalies.openSurge("C"), T0.plusSeconds(42));

        // When the source of B is lost to another member
        int dropped = groups.forget(source -> source == 2);

        // Then B is gone, A and C still go out together, and the sent episode is still reminded of
        assertEquals(1, dropped);
        assertEquals(2, groups.waiting());
        List<GroupFlush<Integer>> due = groups.due(T0.plusSeconds(30 + 300));
        assertEquals(List.of("A", "C"), due.get(0).events().stream().map(e -> e.anomaly().id()).toList());
        assertEquals(List.of("SENT", "A", "C"), groups.due(T0.plusSeconds(330).plus(GroupingSettings.DEFAULT_REPEAT_INTERVAL))
                .get(0).alerts().stream().map(Anomaly::id).toList());
    }

    @Test
    void shouldForgetAGroupThatOnlyHeldLostEvents() {
        add(Anomalies.openSurge("A"), T0);

        groups.forget(source -> true);

        assertEquals(0, groups.waiting());
        assertEquals(0, groups.size());
        assertEquals(List.of(), groups.due(T0.plusSeconds(31)));
    }

    @Test
    void shouldKeepGroupsApart() {
        groups.add("ua-team", new Grouped<>(Anomalies.openSurge("A"), 0), T0);
        groups.add("kz-team", new Grouped<>(Anomalies.outage("B", EpisodeStatus.OPEN), 1), T0.plusSeconds(20));

        assertEquals(List.of("ua-team"), groups.due(T0.plusSeconds(30)).stream().map(GroupFlush::group).toList());
        assertEquals(List.of("kz-team"), groups.due(T0.plusSeconds(50)).stream().map(GroupFlush::group).toList());
    }

    @Test
    void shouldRejectARepeatIntervalShorterThanTheGroupIntervalAndReportEveryProblem() {
        List<String> problems = GroupingSettings.problems(Duration.ofSeconds(-1), Duration.ofMinutes(10),
                Duration.ofMinutes(5));

        assertEquals(2, problems.size(), problems.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new GroupingSettings(Duration.ZERO, Duration.ZERO, Duration.ofHours(1)));
    }

    private static Anomaly ongoingOpen(String id, Severity severity) {
        Anomaly a = Anomalies.openSurge(id);
        return new Anomaly(a.version(), a.id(), a.type(), a.country(), a.windowStart(), a.windowEnd(), a.status(),
                severity, a.observed(), a.expected(), a.score(), a.detector(), a.episodeStart(), a.episodeEnd(),
                a.details());
    }
}
