package dev.leadrouter.routing;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A rep's weekly working hours: day ("mon".."sun", any case, longer names like "Monday" too) to one or more
 * ranges "HH:mm-HH:mm" separated by commas. A range ending at or before its start runs overnight into
 * the next day ("22:00-06:00" on mon covers mon 22:00 to tue 06:00); "24:00" means end of day.
 * A day missing from the map is a day off; a range that does not parse covers no time.
 */
final class WorkingHours {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");
    private static final int MINUTES_PER_DAY = 24 * 60;

    private WorkingHours() {
    }

    /** Empty when {@code localNow} (already in the rep's zone) falls into the hours, else why not. */
    static Optional<String> outside(Map<String, String> hours, ZonedDateTime localNow) {
        DayOfWeek today = localNow.getDayOfWeek();
        int minute = localNow.getHour() * 60 + localNow.getMinute();
        String todaySpec = rangesOf(hours, today);
        if (covers(todaySpec, minute, false) || covers(rangesOf(hours, today.minus(1)), minute, true)) {
            return Optional.empty();
        }
        return Optional.of(localNow.getZone().getId() + " " + dayKey(today) + " "
                + (todaySpec == null ? "off" : todaySpec.trim())
                + ", now " + localNow.toLocalTime().format(DateTimeFormatter.ofPattern("HH:mm")));
    }

    /** Whether a day's text is one or more ranges that all parse, as {@link #outside} reads them. */
    static boolean validRanges(String spec) {
        for (String range : spec.split(",", -1)) {
            if (parse(range) == null) {
                return false;
            }
        }
        return true;
    }

    private static String rangesOf(Map<String, String> hours, DayOfWeek day) {
        String key = dayKey(day);
        for (Map.Entry<String, String> entry : hours.entrySet()) {
            String name = entry.getKey();
            if (name != null && name.trim().length() >= 3 && name.trim().substring(0, 3).equalsIgnoreCase(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String dayKey(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether one of the day's ranges covers the minute: on that day itself, or (spill) in the overnight
     * part that a range of the previous day carries into today.
     */
    private static boolean covers(String spec, int minute, boolean spill) {
        if (spec == null) {
            return false;
        }
        for (String range : spec.split(",")) {
            int[] bounds = parse(range);
            if (bounds == null) {
                continue;
            }
            int start = bounds[0];
            int end = bounds[1];
            boolean overnight = end <= start;
            boolean hit = spill
                    ? overnight && minute < end
                    : minute >= start && (overnight || minute < end);
            if (hit) {
                return true;
            }
        }
        return false;
    }

    /** Start and end in minutes of the day, or null when the range does not parse. */
    private static int[] parse(String range) {
        String[] parts = range.split("-");
        if (parts.length != 2) {
            return null;
        }
        try {
            int start = minuteOfDay(parts[0].trim());
            int end = minuteOfDay(parts[1].trim());
            return start == MINUTES_PER_DAY ? null : new int[] {start, end};
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int minuteOfDay(String clock) {
        if (clock.equals("24:00")) {
            return MINUTES_PER_DAY;
        }
        LocalTime time = LocalTime.parse(clock, CLOCK);
        return time.getHour() * 60 + time.getMinute();
    }
}
