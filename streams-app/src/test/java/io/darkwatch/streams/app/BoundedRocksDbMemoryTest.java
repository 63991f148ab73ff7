package io.darkwatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {

    @Test
    void shouldGiveEveryStoreTheSameCacheAndCacheIndexAndFilterBlocksInIt() {
        RocksDB.loadLibrary();
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("known-countries", first, Map.of(BoundedRocksDbMemory.TOTAL_MEMORY_CONFIG, "64"));
            setter.setConfig("detector-state", second, Map.of());

            BlockBasedTableConfig a = (BlockBasedTableConfig) first.tableFormatConfig();
            BlockBasedTableConfig b = (BlockBasedTableConfig) second.tableFormatConfig();
            assertTrue(a.cacheIndexAndFilterBlocks());
            assertTrue(b.cacheIndexAndFilterBlocksWithHighPriority());
            assertSame(first.writeBufferManager(), second.writeBufferManager());
            assertEquals(2, first.maxWriteBufferNumber());
            assertTrue(BoundedRocksDbMemory.totalBytes() >= 8L << 20);
        }
    }

    @Test
    void shouldRejectABudgetThatIsNotAWholeNumberOfAtLeastEightMib() {
        assertEquals(BoundedRocksDbMemory.DEFAULT_TOTAL_MIB, BoundedRocksDbMemory.totalMib(Map.of()));
        assertEquals(128, BoundedRocksDbMemory.totalMib(Map.of(BoundedRocksDbMemory.TOTAL_MEMORY_CONFIG, "128")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BoundedRocksDbMemory.totalMib(Map.of(BoundedRocksDbMemory.TOTAL_MEMORY_CONFIG, "lots")));
        assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BoundedRocksDbMemory.totalMib(Map.of(BoundedRocksDbMemory.TOTAL_MEMORY_CONFIG, "2")));
    }
}
