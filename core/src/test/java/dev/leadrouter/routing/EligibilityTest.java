package dev.leadrouter.routing;

import static dev.leadrouter.routing.Reps.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Rep;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EligibilityTest {
    /** A Monday. */
    private static final Instant MONDAY_NOON_UTC = Instant.parse("2026-11-23T12:00:00Z");

    private static Optional<String> check(Rep rep, Instant now) {
        return Eligibility.ineligibility(rep, "emea", List.of(), now, Set.of(), true);
    }

    private static Rep withHours(String timezone, String... dayAndRanges) {
        Rep rep = rep("r-anna", "emea");
        rep.timezone = timezone;
        rep.workingHours = new HashMap<>();
        for (int i = 0; i < dayAndRanges.length; i += 2) {
            rep.workingHours.put(dayAndRanges[i], dayAndRanges[i + 1]);
        }
        return rep;
    }

    @Test
    void aPresentActiveTeamMemberWithRoomIsEligible() {
        assertEquals(Optional.empty(), check(rep("r-anna", "emea"), MONDAY_NOON_UTC));
    }

    @Test
    void teamMembershipIgnoresCaseAndNoTeamMeansAnyTeam() {
        Rep rep = rep("r-anna", "EMEA");
        assertEquals(Optional.empty(), check(rep, MONDAY_NOON_UTC));
        assertEquals(Optional.of("NOT_IN_TEAM"), Eligibility.ineligibility(rep, "apac", List.of(), MONDAY_NOON_UTC, Set.of(), true));
        assertEquals(Optional.empty(), Eligibility.ineligibility(rep, null, List.of(), MONDAY_NOON_UTC, Set.of(), true));
    }

    @Test
    void inactiveRepIsNotEligible() {
        Rep rep = rep("r-anna", "emea");
        rep.active = false;
        assertEquals(Optional.of("INACTIVE"), check(rep, MONDAY_NOON_UTC));
    }

    @Test
    void repAwayUntilAFutureInstantIsNotEligibleAndPresentOnceItHasPassed() {
        Rep rep = rep("r-anna", "emea");
        rep.awayUntil = "2026-12-01T00:00:00Z";
        assertEquals(Optional.of("AWAY until 2026-12-01T00:00:00Z"), check(rep, MONDAY_NOON_UTC));
        assertEquals(Optional.empty(), check(rep, Instant.parse("2026-12-01T00:00:00Z")));
    }

    @Test
    void awayUntilADateMeansBackAtTheStartOfThatDayInTheRepsZone() {
        Rep rep = rep("r-kenji", "emea");
        rep.timezone = "Asia/Tokyo";
        rep.awayUntil = "2026-11-24";
        // Midnight in Tokyo is 15:00 UTC the day before.
        assertEquals(Optional.of("AWAY until 2026-11-24"), check(rep, Instant.parse("2026-11-23T14:59:00Z")));
        assertEquals(Optional.empty(), check(rep, Instant.parse("2026-11-23T15:00:00Z")));
    }

    @Test
    void anAwayUntilThatDoesNotParseIsIgnored() {
        Rep rep = rep("r-anna", "emea");
        rep.awayUntil = "next week";
        assertEquals(Optional.empty(), check(rep, MONDAY_NOON_UTC));
    }

    @Test
    void outsideWorkingHoursSaysWhereWhenAndWhatTheHoursAre() {
        Rep rep = withHours("Europe/Berlin", "mon", "09:00-17:00");
        // 17:05 UTC is 18:05 in Berlin (CET).
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (Europe/Berlin mon 09:00-17:00, now 18:05)"),
                check(rep, Instant.parse("2026-11-23T17:05:00Z")));
        assertEquals(Optional.empty(), check(rep, Instant.parse("2026-11-23T15:59:00Z")));
    }

    @Test
    void theSameInstantIsWorkingTimeInNewYorkButNightInTokyo() {
        Instant now = Instant.parse("2026-11-23T14:30:00Z");
        Rep newYork = withHours("America/New_York", "mon", "09:00-17:00");
        Rep tokyo = withHours("Asia/Tokyo", "mon", "09:00-17:00");
        assertEquals(Optional.empty(), check(newYork, now));
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (Asia/Tokyo mon 09:00-17:00, now 23:30)"), check(tokyo, now));
    }

    @Test
    void workingHoursFollowDaylightSavingTime() {
        Rep newYork = withHours("America/New_York", "mon", "09:00-17:00");
        // 13:30 UTC is 08:30 EST before the clocks change (8 March 2026) and 09:30 EDT after.
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (America/New_York mon 09:00-17:00, now 08:30)"),
                check(newYork, Instant.parse("2026-03-02T13:30:00Z")));
        assertEquals(Optional.empty(), check(newYork, Instant.parse("2026-03-09T13:30:00Z")));
    }

    @Test
    void anOvernightRangeRunsIntoTheNextDay() {
        Rep nightShift = withHours("UTC", "mon", "22:00-06:00");
        assertEquals(Optional.empty(), check(nightShift, Instant.parse("2026-11-23T23:00:00Z")));
        assertEquals(Optional.empty(), check(nightShift, Instant.parse("2026-11-24T05:59:00Z")));
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (UTC tue off, now 06:00)"),
                check(nightShift, Instant.parse("2026-11-24T06:00:00Z")));
        assertTrue(check(nightShift, Instant.parse("2026-11-23T21:59:00Z")).isPresent());
        assertTrue(check(nightShift, Instant.parse("2026-11-23T03:00:00Z")).isPresent(), "sunday night is off");
    }

    @Test
    void aDayMayHaveSeveralRanges() {
        Rep rep = withHours("UTC", "mon", "09:00-12:00, 13:00-17:00");
        assertEquals(Optional.empty(), check(rep, Instant.parse("2026-11-23T11:59:00Z")));
        assertTrue(check(rep, Instant.parse("2026-11-23T12:30:00Z")).isPresent());
        assertEquals(Optional.empty(), check(rep, Instant.parse("2026-11-23T13:00:00Z")));
        assertEquals(Optional.empty(), check(withHours("UTC", "mon", "00:00-24:00"), Instant.parse("2026-11-23T23:59:00Z")));
    }

    @Test
    void dayNamesIgnoreCaseAndMissingDaysAreDaysOff() {
        assertEquals(Optional.empty(), check(withHours("UTC", "MON", "09:00-17:00"), MONDAY_NOON_UTC));
        assertEquals(Optional.empty(), check(withHours("UTC", "Monday", "09:00-17:00"), MONDAY_NOON_UTC));
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (UTC mon off, now 12:00)"),
                check(withHours("UTC", "tue", "09:00-17:00"), MONDAY_NOON_UTC));
    }

    @Test
    void anUnknownOrMissingTimeZoneMeansUtc() {
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (UTC mon 13:00-17:00, now 12:00)"),
                check(withHours("Mars/Olympus_Mons", "mon", "13:00-17:00"), MONDAY_NOON_UTC));
        assertEquals(Optional.empty(), check(withHours(null, "mon", "12:00-13:00"), MONDAY_NOON_UTC));
    }

    @Test
    void rangesThatDoNotParseCoverNoTime() {
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (UTC mon all day, now 12:00)"),
                check(withHours("UTC", "mon", "all day"), MONDAY_NOON_UTC));
        assertEquals(Optional.empty(), check(withHours("UTC", "mon", "nonsense,11:00-13:00"), MONDAY_NOON_UTC));
    }

    @Test
    void repNeedsEveryRequiredSkillComparedIgnoringCase() {
        Rep rep = rep("r-anna", "emea");
        rep.skills = List.of("DE", "analytics");
        assertEquals(Optional.empty(),
                Eligibility.ineligibility(rep, "emea", List.of("de", "Analytics"), MONDAY_NOON_UTC, Set.of(), true));
        assertEquals(Optional.of("LACKS_SKILL fr"),
                Eligibility.ineligibility(rep, "emea", List.of("de", "fr"), MONDAY_NOON_UTC, Set.of(), true));
    }

    @Test
    void repAtCapacityIsNotEligibleWhenCapacityIsEnforced() {
        Rep rep = rep("r-anna", "emea");
        rep.capacity = 25;
        rep.openLeads = 25;
        assertEquals(Optional.of("AT_CAPACITY 25/25"), check(rep, MONDAY_NOON_UTC));
        assertEquals(Optional.empty(), Eligibility.ineligibility(rep, "emea", List.of(), MONDAY_NOON_UTC, Set.of(), false));
        rep.openLeads = 24;
        assertEquals(Optional.empty(), check(rep, MONDAY_NOON_UTC));
    }

    @Test
    void repWhoMissedTheLeadsSlaIsNeverOfferedItAgain() {
        assertEquals(Optional.of("MISSED_SLA"), Eligibility.ineligibility(rep("r-anna", "emea"), "emea", List.of(),
                MONDAY_NOON_UTC, Set.of("r-anna"), true));
    }

    @Test
    void missingFieldsOfAnOpsEditedRepDoNotBreakTheCheck() {
        Rep rep = new Rep();
        rep.repId = "r-sparse";
        rep.teams = null;
        rep.skills = null;
        assertEquals(Optional.of("NOT_IN_TEAM"), check(rep, MONDAY_NOON_UTC));
        rep.teams = Arrays.asList(null, "emea");
        rep.skills = Arrays.asList((String) null);
        rep.capacity = 1;
        Map<String, String> hours = new HashMap<>();
        hours.put("mon", null);
        hours.put(null, "09:00-17:00");
        rep.workingHours = hours;
        assertEquals(Optional.of("OUTSIDE_WORKING_HOURS (UTC mon off, now 12:00)"), check(rep, MONDAY_NOON_UTC));
        rep.workingHours = null;
        assertEquals(Optional.of("LACKS_SKILL de"),
                Eligibility.ineligibility(rep, "emea", Arrays.asList(null, "de"), MONDAY_NOON_UTC, null, true));
        assertEquals(Optional.empty(), Eligibility.ineligibility(rep, "emea", null, MONDAY_NOON_UTC, null, true));
    }

    @Test
    void anAccountOwnerIsHeldBackOnlyByBeingInactiveAwayOrExcluded() {
        Rep owner = withHours("UTC", "tue", "09:00-17:00");
        owner.capacity = 1;
        owner.openLeads = 5;
        assertEquals(Optional.empty(), Eligibility.accountOwnerIneligibility(owner, MONDAY_NOON_UTC, Set.of()));
        assertEquals(Optional.of("MISSED_SLA"),
                Eligibility.accountOwnerIneligibility(owner, MONDAY_NOON_UTC, Set.of("r-anna")));
        owner.awayUntil = "2026-11-24T00:00:00Z";
        assertEquals(Optional.of("AWAY until 2026-11-24T00:00:00Z"),
                Eligibility.accountOwnerIneligibility(owner, MONDAY_NOON_UTC, Set.of()));
        owner.active = false;
        assertEquals(Optional.of("INACTIVE"), Eligibility.accountOwnerIneligibility(owner, MONDAY_NOON_UTC, Set.of()));
    }
}
