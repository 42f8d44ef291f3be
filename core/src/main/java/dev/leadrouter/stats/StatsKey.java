package dev.leadrouter.stats;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of the aggregate items in the leads table ({@code leadId}): one per minute
 * ({@code STATS#2026-12-01T20:34}), hour ({@code STATS#2026-12-01T20}) and day ({@code STATS#2026-12-01}) of the
 * leads' receipt, so that any range from a minute to now is at most 60 minute, 23 hour and one day item per day.
 */
public final class StatsKey {
    public static final String PREFIX = "STATS#";
    /** The first day aggregates can exist: figures without a lower bound add up the days from here. */
    public static final Instant FIRST_DAY = Instant.parse("2026-12-01T00:00:00Z");

    private StatsKey() {
    }

    /** The minute, hour and day items a lead received at {@code at} is counted in. */
    public static List<String> of(Instant at) {
        return List.of(minute(at), hour(at), day(at));
    }

    static String minute(Instant at) {
        return PREFIX + at.truncatedTo(ChronoUnit.MINUTES).toString().substring(0, 16);
    }

    static String hour(Instant at) {
        return PREFIX + at.truncatedTo(ChronoUnit.HOURS).toString().substring(0, 13);
    }

    static String day(Instant at) {
        return PREFIX + at.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    }

    /**
     * The items that add up to the leads received from {@code since} (rounded down to the minute; null: from
     * {@link #FIRST_DAY}) to {@code now}: the minutes to the end of since's hour, the hours to the end of its day,
     * then whole days.
     */
    public static List<String> covering(Instant since, Instant now) {
        List<String> keys = new ArrayList<>();
        Instant at = since == null || since.isBefore(FIRST_DAY) ? FIRST_DAY : since.truncatedTo(ChronoUnit.MINUTES);
        while (!at.isAfter(now) && !at.equals(at.truncatedTo(ChronoUnit.HOURS))) {
            keys.add(minute(at));
            at = at.plus(1, ChronoUnit.MINUTES);
        }
        while (!at.isAfter(now) && !at.equals(at.truncatedTo(ChronoUnit.DAYS))) {
            keys.add(hour(at));
            at = at.plus(1, ChronoUnit.HOURS);
        }
        while (!at.isAfter(now)) {
            keys.add(day(at));
            at = at.plus(1, ChronoUnit.DAYS);
        }
        return keys;
    }
}
