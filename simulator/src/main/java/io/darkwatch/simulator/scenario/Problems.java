package io.darkwatch.simulator.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects validation problems so a scenario author sees all of them in one run instead of fixing
 * one line per attempt. A child made with {@link #at(String)} shares the list and prefixes its
 * messages with a path such as {@code events[2].rate}.
 */
public final class Problems {
    private final List<String> list;
    private final String path;

    public Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<String> list, String path) {
        this.list = list;
        this.path = path;
    }

    /** A view whose messages start with {@code path} (joined to this view's path with a dot). */
    public Problems at(String child) {
        if (path.isEmpty()) {
            return new Problems(list, child);
        }
        return new Problems(list, child.startsWith("[") ? path + child : path + "." + child);
    }

    public void add(String message) {
        list.add(path.isEmpty() ? message : path + ": " + message);
    }

    /** Adds {@code message} unless {@code ok}. */
    public void require(boolean ok, String message) {
        if (!ok) {
            add(message);
        }
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(list);
    }

    /** @throws InvalidScenarioException listing every problem, when there is at least one */
    public void throwIfAny(String what) {
        if (!list.isEmpty()) {
            throw new InvalidScenarioException(what, list);
        }
    }
}
