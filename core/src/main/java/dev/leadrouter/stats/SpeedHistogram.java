package dev.leadrouter.stats;

import java.util.Map;
import java.util.TreeMap;

/**
 * A fixed, log-spaced histogram of speed-to-lead in milliseconds: bucket {@code i} (i >= 1) holds
 * [2^((i-1)/16), 2^(i/16)) ms, bucket 0 holds values under 1 ms. A bucket is reported by its geometric middle,
 * so a percentile read from the histogram is within 2.2% (2^(1/32) - 1) of the exact value.
 */
public final class SpeedHistogram {
    static final int STEPS_PER_DOUBLING = 16;

    private SpeedHistogram() {
    }

    public static int bucket(long millis) {
        if (millis < 1) {
            return 0;
        }
        return (int) Math.floor(Math.log(millis) / Math.log(2) * STEPS_PER_DOUBLING) + 1;
    }

    /** The value reported for bucket {@code i}: the geometric middle of its range (0 for bucket 0). */
    public static long value(int bucket) {
        if (bucket == 0) {
            return 0;
        }
        return Math.round(Math.pow(2, (bucket - 0.5) / STEPS_PER_DOUBLING));
    }

    /** Counts by bucket index, ascending. */
    public record Counts(TreeMap<Integer, Long> byBucket) {
        public static Counts of(Map<Integer, Long> counts) {
            TreeMap<Integer, Long> sorted = new TreeMap<>();
            counts.forEach((bucket, count) -> {
                if (count > 0) {
                    sorted.put(bucket, count);
                }
            });
            return new Counts(sorted);
        }

        public long count() {
            return byBucket.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Nearest rank over the bucketed values; null when empty. */
        public Long percentile(int percentile) {
            long count = count();
            if (count == 0) {
                return null;
            }
            long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * count));
            long seen = 0;
            for (var entry : byBucket.entrySet()) {
                seen += entry.getValue();
                if (seen >= rank) {
                    return value(entry.getKey());
                }
            }
            return value(byBucket.lastKey());
        }

        public Long max() {
            return byBucket.isEmpty() ? null : value(byBucket.lastKey());
        }
    }
}
