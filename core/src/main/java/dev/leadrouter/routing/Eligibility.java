package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Why a rep can or cannot take a lead now. A reason is a stable code, optionally followed by a
 * human-readable detail: {@code NOT_IN_TEAM}, {@code MISSED_SLA}, {@code INACTIVE},
 * {@code AWAY until ...}, {@code OUTSIDE_WORKING_HOURS (...)}, {@code LACKS_SKILL ...},
 * {@code AT_CAPACITY n/m}. Only the first reason found is reported, in that order.
 * Rep items come from ops edits, so every field may be missing.
 */
public final class Eligibility {
    private static final ZoneId UTC = ZoneId.of("UTC");

    private Eligibility() {
    }

    /**
     * Empty when the rep may take a lead of {@code team} (null: any team) now, else why not.
     * {@code excludedRepIds} are reps who already let this lead's SLA lapse.
     */
    public static Optional<String> ineligibility(Rep rep, String team, List<String> requireSkills, Instant now,
                                                 Set<String> excludedRepIds, boolean enforceCapacity) {
        if (team != null && !inTeam(rep, team)) {
            return Optional.of("NOT_IN_TEAM");
        }
        Optional<String> unavailable = unavailability(rep, now, excludedRepIds);
        if (unavailable.isPresent()) {
            return unavailable;
        }
        if (rep.workingHours != null) {
            Optional<String> outside = WorkingHours.outside(rep.workingHours, now.atZone(zoneOf(rep)));
            if (outside.isPresent()) {
                return Optional.of("OUTSIDE_WORKING_HOURS (" + outside.get() + ")");
            }
        }
        Optional<String> missingSkill = missingSkill(rep, requireSkills);
        if (missingSkill.isPresent()) {
            return Optional.of("LACKS_SKILL " + missingSkill.get());
        }
        if (enforceCapacity && rep.openLeads >= rep.capacity) {
            return Optional.of("AT_CAPACITY " + rep.openLeads + "/" + rep.capacity);
        }
        return Optional.empty();
    }

    /**
     * The account owner's test: not excluded, active and not away. Working hours, skills and capacity
     * do not keep an owner from their own account's leads.
     */
    public static Optional<String> accountOwnerIneligibility(Rep rep, Instant now, Set<String> excludedRepIds) {
        return unavailability(rep, now, excludedRepIds);
    }

    /** Excluded from this lead, inactive or away: what keeps any rep, owner or not, from a lead. */
    private static Optional<String> unavailability(Rep rep, Instant now, Set<String> excludedRepIds) {
        if (rep.repId != null && excludedRepIds != null && excludedRepIds.contains(rep.repId)) {
            return Optional.of("MISSED_SLA");
        }
        if (!rep.active) {
            return Optional.of("INACTIVE");
        }
        if (awayAt(rep, now)) {
            return Optional.of("AWAY until " + rep.awayUntil.trim());
        }
        return Optional.empty();
    }

    public static boolean inTeam(Rep rep, String team) {
        return rep.teams != null && rep.teams.stream().anyMatch(team::equalsIgnoreCase);
    }

    /** The rep's IANA time zone; UTC when absent (an unknown one makes the item invalid, see RepValidator). */
    static ZoneId zoneOf(Rep rep) {
        if (rep.timezone == null || rep.timezone.isBlank()) {
            return UTC;
        }
        try {
            return ZoneId.of(rep.timezone.trim());
        } catch (DateTimeException e) {
            return UTC;
        }
    }

    /**
     * awayUntil may be an instant, a date-time with offset, or a local date-time or date in the rep's
     * zone (a date means back at the start of that day). One that does not parse is ignored
     * (the rep validator reports it).
     */
    private static boolean awayAt(Rep rep, Instant now) {
        if (rep.awayUntil == null || rep.awayUntil.isBlank()) {
            return false;
        }
        return awayUntil(rep.awayUntil, zoneOf(rep)).map(now::isBefore).orElse(false);
    }

    /** The instant an awayUntil text stands for in the rep's zone; empty when it does not parse. */
    static Optional<Instant> awayUntil(String text, ZoneId zone) {
        String trimmed = text.trim();
        try {
            return Optional.of(OffsetDateTime.parse(trimmed).toInstant());
        } catch (DateTimeException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(trimmed).atZone(zone).toInstant());
            } catch (DateTimeException notLocal) {
                try {
                    return Optional.of(LocalDate.parse(trimmed).atStartOfDay(zone).toInstant());
                } catch (DateTimeException notDate) {
                    return Optional.empty();
                }
            }
        }
    }

    private static Optional<String> missingSkill(Rep rep, List<String> requireSkills) {
        if (requireSkills == null) {
            return Optional.empty();
        }
        List<String> skills = rep.skills == null ? List.of() : rep.skills;
        return requireSkills.stream()
                .filter(skill -> skill != null && !skill.isBlank())
                .filter(skill -> skills.stream().noneMatch(own -> own != null && own.trim().equalsIgnoreCase(skill.trim())))
                .map(String::trim)
                .findFirst();
    }
}
