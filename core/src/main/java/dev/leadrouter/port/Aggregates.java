package dev.leadrouter.port;

import dev.leadrouter.stats.StatsDeltas;
import java.util.List;
import java.util.Map;

/** The {@code GET /stats} aggregates: counters per minute, hour and day of receipt, kept from the leads' changes. */
public interface Aggregates {
    /** Adds one chunk's deltas at once; a redelivered chunk is counted once. */
    void add(StatsDeltas.Chunk chunk);

    /** The counters of the buckets {@code keys} added up, by counter name. */
    Map<String, Long> totals(List<String> keys);
}
