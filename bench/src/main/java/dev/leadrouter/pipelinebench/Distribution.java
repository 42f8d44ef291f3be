package dev.leadrouter.pipelinebench;

import java.util.Arrays;
import java.util.Collection;

/** Sorted samples in milliseconds with nearest-rank percentiles. */
record Distribution(double[] sortedMillis) {

    static Distribution ofMillis(Collection<Double> millis) {
        double[] values = millis.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(values);
        return new Distribution(values);
    }

    int count() {
        return sortedMillis.length;
    }

    /** The smallest sample with at least {@code percent} % of the samples at or below it; NaN when empty. */
    double percentile(double percent) {
        if (sortedMillis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedMillis.length);
        return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, rank - 1))];
    }

    double median() {
        return percentile(50);
    }

    double max() {
        return sortedMillis.length == 0 ? Double.NaN : sortedMillis[sortedMillis.length - 1];
    }
}
