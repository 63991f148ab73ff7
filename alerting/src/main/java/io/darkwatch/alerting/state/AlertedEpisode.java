package io.darkwatch.alerting.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import io.darkwatch.common.json.Json;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one alerting consumer group has handled of one episode (delivered, or given up to the
 * dead-letter topic): the record on the compacted state topic.
 *
 * <p>OPEN and RESOLVED happen once per episode, so their presence in {@code statuses} says it all.
 * ONGOING updates each carry a new window and come in window order, so the start of the latest
 * handled update window tells a redelivered update (same or earlier window) from a new one.
 *
 * @param group                  the alerting consumer group; groups (e.g. two deployments posting to
 *                               different channels) never share what they sent
 * @param episodeId              the anomaly events' {@code id}
 * @param statuses               the statuses handled
 * @param lastOngoingWindowStart window start of the latest ONGOING update handled, null if none
 * @param recordedAt             when this state was written
 */
@JsonPropertyOrder({"group", "episodeId", "statuses", "lastOngoingWindowStart", "recordedAt"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertedEpisode(
        String group,
        String episodeId,
        Set<EpisodeStatus> statuses,
        Instant lastOngoingWindowStart,
        Instant recordedAt) {

    public AlertedEpisode {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
        if (statuses.contains(EpisodeStatus.ONGOING) != (lastOngoingWindowStart != null)) {
            throw new IllegalArgumentException("lastOngoingWindowStart must be set exactly when ONGOING was handled");
        }
    }

    /** The state after handling the first event of an episode. */
    public static AlertedEpisode of(String group, Anomaly first, Instant now) {
        return new AlertedEpisode(group, first.id(), Set.of(), null, now).with(first, now);
    }

    /** True when this event (same status, or an ONGOING update not newer than the last one) was handled. */
    public boolean covers(Anomaly anomaly) {
        if (!anomaly.id().equals(episodeId)) {
            return false;
        }
        if (anomaly.status() == EpisodeStatus.ONGOING) {
            return lastOngoingWindowStart != null && !anomaly.windowStart().isAfter(lastOngoingWindowStart);
        }
        return statuses.contains(anomaly.status());
    }

    /** This state plus one more handled event of the same episode. */
    public AlertedEpisode with(Anomaly anomaly, Instant now) {
        if (!anomaly.id().equals(episodeId)) {
            throw new IllegalArgumentException("event of episode " + anomaly.id() + " is not of " + episodeId);
        }
        Set<EpisodeStatus> more = EnumSet.of(anomaly.status());
        more.addAll(statuses);
        Instant last = anomaly.status() == EpisodeStatus.ONGOING ? latest(lastOngoingWindowStart, anomaly.windowStart())
                : lastOngoingWindowStart;
        return new AlertedEpisode(group, episodeId, more, last, now);
    }

    /** Everything either state says was handled (records may be read in any order across partitions). */
    public AlertedEpisode merge(AlertedEpisode other) {
        if (!other.group.equals(group) || !other.episodeId.equals(episodeId)) {
            throw new IllegalArgumentException("cannot merge the state of " + other.key() + " into " + key());
        }
        Set<EpisodeStatus> both = EnumSet.noneOf(EpisodeStatus.class);
        both.addAll(statuses);
        both.addAll(other.statuses);
        return new AlertedEpisode(group, episodeId, both, latest(lastOngoingWindowStart, other.lastOngoingWindowStart),
                latest(recordedAt, other.recordedAt));
    }

    /**
     * The record key, {@code ["<group>","<episode id>"]}: a JSON array, so no group or episode id,
     * whatever characters it holds, can make two keys collide.
     */
    @JsonIgnore
    public String key() {
        return key(group, episodeId);
    }

    public static String key(String group, String episodeId) {
        try {
            return Json.mapper().writeValueAsString(List.of(group, episodeId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a state key", e);
        }
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
