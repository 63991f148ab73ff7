package io.darkwatch.capture.geo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks the search tree of a MaxMind DB file before it is used.
 *
 * <p>Why: the Java reader checks the metadata when it opens a file and the rest only when a lookup
 * touches it. A corrupt tree then gives wrong countries (or an exception) in the middle of a run,
 * for some addresses only. MaxMind's Java library has no verifier (libmaxminddb and the Go reader
 * do), so this does the structural part of theirs, in one pass over the tree:
 * <ul>
 *   <li>the tree fits in the file before the data section;</li>
 *   <li>every record is a node, "empty", or a pointer into the data section (not into the
 *       16-byte separator or past the metadata);</li>
 *   <li>no record points back at the root, and no path from the root loops or is longer than the
 *       address (32 or 128 bits).</li>
 * </ul>
 * The data records themselves are checked by decoding a sample (see {@link MmdbDatabase}).
 * Cost: two reads per node, e.g. ~4 M nodes for GeoLite2-City, tens of milliseconds.
 */
final class MmdbTreeVerifier {
    private static final byte[] METADATA_MARKER = "\u00ab\u00cd\u00efMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);
    /** The metadata section is at most 128 KiB, at the end of the file (MaxMind DB spec). */
    private static final int METADATA_MAX = 128 * 1024;
    private static final int DATA_SECTION_SEPARATOR = 16;

    private final ByteBuffer db;
    private final long nodeCount;
    private final int recordSize;
    private final int nodeBytes;
    private final int addressBits;

    private MmdbTreeVerifier(ByteBuffer db, long nodeCount, int recordSize, int ipVersion) {
        this.db = db;
        this.nodeCount = nodeCount;
        this.recordSize = recordSize;
        this.nodeBytes = recordSize / 4;
        this.addressBits = ipVersion == 6 ? 128 : 32;
    }

    /**
     * @param db         the whole database file
     * @param nodeCount  from the metadata
     * @param recordSize from the metadata: 24, 28 or 32 bits
     * @param ipVersion  from the metadata: 4 or 6
     * @return the first problem found, or empty for a sound tree
     */
    static Optional<String> verify(ByteBuffer db, long nodeCount, int recordSize, int ipVersion) {
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            return Optional.of("record size " + recordSize + " bits is not 24, 28 or 32");
        }
        if (ipVersion != 4 && ipVersion != 6) {
            return Optional.of("ip_version " + ipVersion + " is not 4 or 6");
        }
        if (nodeCount <= 0) {
            return Optional.of("the search tree has no nodes");
        }
        return new MmdbTreeVerifier(db, nodeCount, recordSize, ipVersion).check();
    }

    private Optional<String> check() {
        int metadataStart = findMetadataStart();
        if (metadataStart < 0) {
            return Optional.of("no metadata marker in the last 128 KiB");
        }
        long treeBytes = nodeCount * nodeBytes;
        long dataSectionSize = metadataStart - treeBytes - DATA_SECTION_SEPARATOR;
        if (dataSectionSize < 0) {
            return Optional.of("the metadata says " + nodeCount + " nodes (" + treeBytes
                    + " bytes of search tree) but the data ends at byte " + metadataStart
                    + ": wrong node count or a cut file");
        }
        for (long node = 0; node < nodeCount; node++) {
            for (int side = 0; side < 2; side++) {
                long value = record(node, side);
                if (value == 0) {
                    return Optional.of("node " + node + " points back at the root: the search tree has a cycle");
                }
                if (value > nodeCount) {
                    long offset = value - nodeCount - DATA_SECTION_SEPARATOR;
                    if (offset < 0 || offset >= dataSectionSize) {
                        return Optional.of("node " + node + " points outside the data section (record " + value
                                + ", data section " + dataSectionSize + " bytes)");
                    }
                }
            }
        }
        return checkPaths();
    }

    /** Depth-first from the root: a node met again on the current path is a cycle; depth is bounded by the address size. */
    private Optional<String> checkPaths() {
        if (nodeCount > Integer.MAX_VALUE - 8) {
            return Optional.empty();
        }
        byte[] state = new byte[(int) nodeCount]; // 0 unvisited, 1 on the current path, 2 done
        int[] nodes = new int[addressBits];
        int[] sides = new int[addressBits];
        int depth = 0;
        nodes[0] = 0;
        state[0] = 1;
        while (depth >= 0) {
            int node = nodes[depth];
            int side = sides[depth];
            if (side == 2) {
                state[node] = 2;
                depth--;
                continue;
            }
            sides[depth] = side + 1;
            long value = record(node, side);
            if (value >= nodeCount) {
                continue;
            }
            int child = (int) value;
            if (state[child] == 1) {
                return Optional.of("the search tree has a cycle through node " + child);
            }
            if (state[child] == 2) {
                continue; // reached again through an alias (e.g. ::ffff:0:0/96 to the IPv4 subtree)
            }
            if (depth + 1 >= addressBits) {
                return Optional.of("a search tree path is longer than " + addressBits + " bits (at node " + child + ")");
            }
            depth++;
            nodes[depth] = child;
            sides[depth] = 0;
            state[child] = 1;
        }
        return Optional.empty();
    }

    private long record(long node, int side) {
        int base = (int) (node * nodeBytes);
        return switch (recordSize) {
            case 24 -> u24(base + side * 3);
            case 28 -> side == 0
                    ? ((long) (db.get(base + 3) & 0xf0) << 20) | u24(base)
                    : ((long) (db.get(base + 3) & 0x0f) << 24) | u24(base + 4);
            default -> ((long) u24(base + side * 4) << 8) | (db.get(base + side * 4 + 3) & 0xff);
        };
    }

    private int u24(int i) {
        return ((db.get(i) & 0xff) << 16) | ((db.get(i + 1) & 0xff) << 8) | (db.get(i + 2) & 0xff);
    }

    private int findMetadataStart() {
        int limit = db.limit();
        int lowest = Math.max(0, limit - METADATA_MAX - METADATA_MARKER.length);
        for (int i = limit - METADATA_MARKER.length; i >= lowest; i--) {
            int j = 0;
            while (j < METADATA_MARKER.length && db.get(i + j) == METADATA_MARKER[j]) {
                j++;
            }
            if (j == METADATA_MARKER.length) {
                return i;
            }
        }
        return -1;
    }
}
