package com.example.hello.config;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** The heap's shares add up to no more than the heap, and each stays within its bounds. */
class MemoryBudgetTest {
    private static final long MIB = 1024 * 1024;
    /** What -XX:MaxRAMPercentage=33 gives in a 384 MiB container (Runtime.maxMemory() there). */
    private static final long IMAGE_HEAP = 132_841_472;

    @Test
    void theSharesAddUpToLessThanTheHeap() {
        for (long heap : new long[] {64 * MIB, IMAGE_HEAP, 512 * MIB, 4_096 * MIB}) {
            MemoryBudget budget = new MemoryBudget(heap);
            long reserve = Math.max(40 * MIB, heap * 3 / 10);
            long total = (long) budget.logQueueRecords() * MemoryBudget.LOG_RECORD_BYTES + reserve
                    + budget.tokenCacheBytes() + budget.connectionBytes();
            assertThat("heap " + heap / MIB + " MiB", total, lessThanOrEqualTo(heap));
        }
    }

    @Test
    void theImagesHeapIsSharedAsDocumented() {
        MemoryBudget budget = new MemoryBudget(IMAGE_HEAP);
        assertThat(budget.logQueueRecords(), is(8_108));
        assertThat(budget.tokenCacheBytes(), is(14_457_856L));
        assertThat(budget.connectionBytes(), is(72_289_280L));
    }

    @Test
    void eachShareStaysWithinItsBounds() {
        MemoryBudget small = new MemoryBudget(16 * MIB);
        assertThat(small.logQueueRecords(), is(1_024));
        assertThat(small.tokenCacheBytes(), is(4 * MIB));
        assertThat(small.connectionBytes(), is(4 * MIB));
        MemoryBudget large = new MemoryBudget(64 * 1024 * MIB);
        assertThat(large.logQueueRecords(), is(65_536));
        assertThat(large.tokenCacheBytes(), is(256 * MIB));
    }
}
