package io.darkwatch.alerting.grouping;

import io.darkwatch.common.anomaly.Anomaly;
import io.darkwatch.common.anomaly.EpisodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Alertmanager-style grouping, without Kafka and without a clock of its own (the caller passes
 * "now", so tests never wait):
 *
 * <ul>
 *   <li>The first event of a group that has nothing to send starts it; it goes out
 *       {@code groupWait} later together with everything else that arrived meanwhile.</li>
 *   <li>Once a group has sent, events that come afterwards go out at the earliest
 *       {@code groupInterval} after the previous message, all in one message.</li>
 *   <li>While some episode of the group is open (its last step OPEN or ONGOING), the group is
 *       repeated as a reminder {@code repeatInterval} after its last message.</li>
 *   <li>A group with nothing waiting and no open episode is forgotten; its next event starts a new
 *       group with {@code groupWait} again.</li>
 * </ul>
 *
 * <p>Not thread-safe: the service's poll loop is its only user.
 *
 * @param <S> where an event came from, handed back in the flush (the service: topic, partition, offset)
 */
public final class AlertGroups<S> {
    private final GroupingSettings settings;
    private final Map<String, Group<S>> groups = new LinkedHashMap<>();

    public AlertGroups(GroupingSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Adds an event to its group, arriving at {@code now}.
     *
     * @return false when the event needs no message of its own: an ONGOING update of an episode this
     *         group has already sent, with no rise in severity. It only refreshes what the next
     *         reminder shows, and the caller may treat it as handled at once. (Alertmanager likewise
     *         notifies about new and resolved alerts, and repeats the rest only at the repeat interval;
     *         without this a long episode's update every window would send a message every group interval.)
     */
    public boolean add(String group, Grouped<S> event, Instant now) {
        Group<S> g = groups.computeIfAbsent(group, k -> new Group<>());
        Anomaly a = event.anomaly();
        Anomaly sent = g.open.get(a.id());
        if (a.status() == EpisodeStatus.ONGOING && sent != null && !moreSevere(a, sent)) {
            g.open.put(a.id(), a);
            return false;
        }
        if (g.waiting.isEmpty()) {
            g.sendAt = g.lastSent == null ? now.plus(settings.groupWait())
                    : later(now, g.lastSent.plus(settings.groupInterval()));
        }
        g.waiting.add(event);
        return true;
    }

    private static boolean moreSevere(Anomaly update, Anomaly sent) {
        return update.severity() != null && (sent.severity() == null || update.severity().compareTo(sent.severity()) > 0);
    }

    /** The messages due at {@code now}: groups whose timer ran out, and reminders; each group's state moves on. */
    public List<GroupFlush<S>> due(Instant now) {
        List<GroupFlush<S>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Group<S>>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Group<S>> entry = it.next();
            Group<S> g = entry.getValue();
            if (!g.waiting.isEmpty() && !now.isBefore(g.sendAt)) {
                out.add(send(entry.getKey(), g, now));
            } else if (g.waiting.isEmpty() && !g.open.isEmpty() && g.lastSent != null
                    && !now.isBefore(g.lastSent.plus(settings.repeatInterval()))) {
                g.lastSent = now;
                out.add(GroupFlush.reminder(entry.getKey(), List.copyOf(g.open.values())));
            }
            if (g.waiting.isEmpty() && g.open.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /**
     * Everything waiting, due or not (on shutdown, or before partitions move to another member):
     * better early than held by a member that no longer owns the events. No reminders.
     */
    public List<GroupFlush<S>> drain(Instant now) {
        List<GroupFlush<S>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Group<S>>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Group<S>> entry = it.next();
            Group<S> g = entry.getValue();
            if (!g.waiting.isEmpty()) {
                out.add(send(entry.getKey(), g, now));
            }
            if (g.open.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /**
     * Drops the waiting events whose source {@code gone} says this member no longer owns (partitions
     * lost to another member, which reads them again from the last commit and sends them itself);
     * sending them here too would send them twice. A group left with nothing waiting keeps what it
     * has sent (its reminders), as if those events had never come.
     *
     * @return how many events were dropped
     */
    public int forget(Predicate<S> gone) {
        int dropped = 0;
        for (Iterator<Map.Entry<String, Group<S>>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Group<S> g = it.next().getValue();
            int before = g.waiting.size();
            g.waiting.removeIf(e -> gone.test(e.source()));
            dropped += before - g.waiting.size();
            if (g.waiting.isEmpty()) {
                g.sendAt = null;
                if (g.open.isEmpty()) {
                    it.remove();
                }
            }
        }
        return dropped;
    }

    /** How many events wait in all groups. */
    public int waiting() {
        return groups.values().stream().mapToInt(g -> g.waiting.size()).sum();
    }

    /** How many groups exist (waiting or remembered for reminders). */
    public int size() {
        return groups.size();
    }

    private GroupFlush<S> send(String key, Group<S> g, Instant now) {
        GroupFlush<S> flush = GroupFlush.of(key, g.waiting);
        for (Anomaly a : flush.alerts()) {
            if (a.status() == EpisodeStatus.RESOLVED) {
                g.open.remove(a.id());
            } else {
                g.open.put(a.id(), a);
            }
        }
        g.waiting.clear();
        g.sendAt = null;
        g.lastSent = now;
        return flush;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static final class Group<S> {
        final List<Grouped<S>> waiting = new ArrayList<>();
        /** Episodes whose last step sent was OPEN or ONGOING, by id, in order of first sending. */
        final Map<String, Anomaly> open = new LinkedHashMap<>();
        Instant sendAt;
        Instant lastSent;
    }
}
