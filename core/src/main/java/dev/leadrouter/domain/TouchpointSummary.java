package dev.leadrouter.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * The touchpoints no longer kept one by one (a lead keeps only its most recent ones, so that its stored
 * size stays bounded however often a person submits): how many, the first and last time, and how many
 * came from each source.
 */
public record TouchpointSummary(long count, String firstAt, String lastAt, Map<String, Long> bySource) {

    public static final TouchpointSummary NONE = new TouchpointSummary(0, null, null, Map.of());

    /** This summary with {@code touchpoint} folded in. */
    public TouchpointSummary plus(Touchpoint touchpoint) {
        Map<String, Long> sources = new TreeMap<>(bySource == null ? Map.of() : bySource);
        sources.merge(touchpoint.source() == null ? "UNKNOWN" : touchpoint.source(), 1L, Long::sum);
        String at = touchpoint.at();
        return new TouchpointSummary(count + 1,
                firstAt == null || (at != null && at.compareTo(firstAt) < 0) ? at : firstAt,
                lastAt == null || (at != null && at.compareTo(lastAt) > 0) ? at : lastAt,
                sources);
    }
}
