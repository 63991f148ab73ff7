package io.darkwatch.streams.app;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of every RocksDB store of this process: one block cache shared by all
 * stores, with the memtables charged against it through a shared {@link WriteBufferManager}, and
 * index and filter blocks kept in that cache rather than beside it (the recipe of the Kafka Streams
 * memory-management guide). Without it each store instance (one per store and task) takes its own
 * 50 MiB block cache and 3 × 16 MiB memtables, so memory grows with the partition count.
 *
 * <p>Size: {@value #TOTAL_MEMORY_CONFIG} (default {@value #DEFAULT_TOTAL_MIB} MiB), of which a
 * quarter may be memtables. darkwatch's stores are small (the signal journal holds the open windows'
 * packets, the others a few values per country), so the default is generous.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    public static final String TOTAL_MEMORY_CONFIG = "darkwatch.rocksdb.total-memory-mib";
    public static final long DEFAULT_TOTAL_MIB = 64;

    /** Shared by every store of the process, created with the first store's configuration. */
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;
    private static long totalBytes;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedRocksDbMemory.class) {
            if (cache == null) {
                totalBytes = totalMib(configs) << 20;
                // -1: default shard bits; false: no strict limit (a full cache evicts, it does not fail writes);
                // 0.1 of the cache kept for the high-priority index and filter blocks.
                cache = new LRUCache(totalBytes, -1, false, 0.1);
                writeBufferManager = new WriteBufferManager(totalBytes / 4, cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBufferManager);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(Math.min(16L << 20, totalBytes / 8));
        options.setTableFormatConfig(table);
    }

    /** The byte budget in force, 0 before the first store opened. */
    static synchronized long totalBytes() {
        return totalBytes;
    }

    static long totalMib(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_MEMORY_CONFIG);
        if (value == null) {
            return DEFAULT_TOTAL_MIB;
        }
        try {
            long mib = Long.parseLong(value.toString().trim());
            if (mib < 8) {
                throw new IllegalArgumentException(TOTAL_MEMORY_CONFIG + " must be at least 8 (MiB), not " + mib);
            }
            return mib;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TOTAL_MEMORY_CONFIG + " must be a whole number of MiB, not '" + value + "'",
                    e);
        }
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store and live as long as the process.
    }
}
