package io.darkwatch.capture.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a running Linux process is, as the kernel reports it in {@code /proc/<pid>/status}: what
 * setpriv really did, rather than what it was asked to do.
 *
 * @param uids                  real, effective, saved and filesystem uid
 * @param gids                  real, effective, saved and filesystem gid
 * @param groups                supplementary groups
 * @param effectiveCapabilities the CapEff bit mask (bit n is capability n, capability.h)
 * @param ambientCapabilities   the CapAmb bit mask: what an exec of a binary without file capabilities keeps
 * @param boundingCapabilities  the CapBnd bit mask: what the process and its children could ever gain
 */
record ProcStatus(List<Integer> uids, List<Integer> gids, List<Integer> groups, long effectiveCapabilities,
        long ambientCapabilities, long boundingCapabilities) {
    static final int CAP_SETGID = 6;
    static final int CAP_SETUID = 7;
    static final int CAP_SETPCAP = 8;
    static final int CAP_NET_RAW = 13;
    static final int CAP_SYS_ADMIN = 21;

    ProcStatus {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
        groups = List.copyOf(groups);
        if (uids.size() != 4 || gids.size() != 4) {
            throw new IllegalArgumentException("Uid and Gid need four values each, not " + uids + " and " + gids);
        }
    }

    static ProcStatus of(long pid) throws IOException {
        return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    static ProcStatus parse(String status) {
        Map<String, String> fields = new HashMap<>();
        status.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        for (String name : List.of("Uid", "Gid", "Groups", "CapEff", "CapAmb", "CapBnd")) {
            if (!fields.containsKey(name)) {
                throw new IllegalArgumentException("no " + name + " line in /proc/<pid>/status: " + status);
            }
        }
        return new ProcStatus(numbers(fields.get("Uid")), numbers(fields.get("Gid")), numbers(fields.get("Groups")),
                Long.parseUnsignedLong(fields.get("CapEff"), 16), Long.parseUnsignedLong(fields.get("CapAmb"), 16),
                Long.parseUnsignedLong(fields.get("CapBnd"), 16));
    }

    boolean hasEffective(int capability) {
        return (effectiveCapabilities & (1L << capability)) != 0;
    }

    private static List<Integer> numbers(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\\s+")).map(Integer::valueOf).toList();
    }
}
