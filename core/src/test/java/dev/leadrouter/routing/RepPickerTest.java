package dev.leadrouter.routing;

import static dev.leadrouter.routing.Reps.rep;
import static dev.leadrouter.routing.Reps.withTurns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Strategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RepPickerTest {
    private final RandomGenerator random = new SplittableRandom(7);

    /** Routes {@code leads} leads in turn, the eligible reps of each lead given by {@code eligibleAt}; returns who got each. */
    private List<String> route(Strategy strategy, int leads, IntFunction<List<Rep>> eligibleAt) {
        List<String> served = new ArrayList<>();
        for (int lead = 0; lead < leads; lead++) {
            Pick pick = RepPicker.of(strategy).pick(eligibleAt.apply(lead), "team", random);
            served.add(pick.chosen().orElseThrow().repId);
            Reps.take(pick.chosen().orElseThrow(), pick.turn());
        }
        return served;
    }

    private static Map<String, Integer> counts(List<String> served) {
        Map<String, Integer> counts = new TreeMap<>();
        served.forEach(repId -> counts.merge(repId, 1, Integer::sum));
        return counts;
    }

    @Test
    void roundRobinSharesEvenlyAmongEquallyEligibleReps() {
        List<Rep> team = List.of(rep("a"), rep("b"), rep("c"), rep("d"), rep("e"), rep("f"), rep("g"));
        List<String> served = route(Strategy.ROUND_ROBIN, 1000, lead -> team);
        Map<String, Integer> counts = counts(served);
        assertEquals(7, counts.size());
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(max - min <= 1, counts.toString());
        // Fair at every point, not only at the end: each run of 7 turns serves everyone once.
        for (int start = 0; start + 7 <= served.size(); start += 7) {
            assertEquals(7, new HashSet<>(served.subList(start, start + 7)).size());
        }
    }

    @Test
    void roundRobinTakesBackARepWhoWasAwayWithNoCatchUpBurst() {
        Rep a = rep("a");
        Rep b = rep("b");
        Rep c = rep("c");
        Rep d = rep("d");
        // d is away for leads 100..399, then back.
        List<String> served = route(Strategy.ROUND_ROBIN, 1000,
                lead -> lead >= 100 && lead < 400 ? List.of(a, b, c) : List.of(a, b, c, d));
        List<String> afterReturn = served.subList(400, 1000);
        for (int start = 0; start + 4 <= afterReturn.size(); start += 4) {
            List<String> window = afterReturn.subList(start, start + 4);
            assertEquals(1, window.stream().filter("d"::equals).count(), "turns " + (400 + start) + ": " + window);
        }
        assertTrue(served.subList(100, 400).stream().noneMatch("d"::equals));
    }

    @Test
    void roundRobinServesTheRepWithFewestTurnsAndRecordsTheirTurnOnly() {
        Rep a = withTurns(rep("a"), "emea", 14);
        Rep b = withTurns(rep("b"), "emea", 14);
        Rep c = withTurns(rep("c"), "emea", 13);
        Pick pick = RepPicker.of(Strategy.ROUND_ROBIN).pick(List.of(a, b, c), "EMEA", random);
        assertSame(c, pick.chosen().orElseThrow());
        assertEquals("LEAST_RECENTLY_SERVED (13 turns taken)", pick.chosenReason());
        assertEquals("NOT_THEIR_TURN (14 turns taken)", pick.reason("b"));
        // Only the chosen rep's count moves, conditioned on the count read: no team-wide item.
        assertEquals(new Turn(Rep.TURNS, "emea", true, java.math.BigDecimal.valueOf(13), 14), pick.turn());
    }

    @Test
    void roundRobinStartsTheMapOfTurnsOnAnItemOpsWroteWithoutOne() {
        Rep fresh = rep("fresh");
        Pick pick = RepPicker.of(Strategy.ROUND_ROBIN).pick(List.of(fresh, withTurns(rep("old"), "emea", 1)), "emea",
                random);
        assertSame(fresh, pick.chosen().orElseThrow());
        assertEquals(new Turn(Rep.TURNS, "emea", false, null, 1), pick.turn());
    }

    @Test
    void roundRobinServesRepsWhoseMarkersWereRemovedOnceAndThenInLine() {
        // Ops rewrote two items without their turns: those two are served once each, not until they catch up.
        Rep ahead = withTurns(rep("ahead"), "team", 500);
        List<Rep> team = List.of(ahead, rep("b"), rep("c"));
        List<String> served = route(Strategy.ROUND_ROBIN, 30, lead -> team);
        assertEquals(Map.of("ahead", 10, "b", 10, "c", 10), counts(served));
    }

    @Test
    void roundRobinTiesAreNotAlwaysSettledTheSameWay() {
        List<Rep> team = List.of(rep("a"), rep("b"), rep("c"));
        Set<String> firstPicks = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            Pick pick = RepPicker.of(Strategy.ROUND_ROBIN).pick(team, "team", new SplittableRandom(seed));
            firstPicks.add(pick.chosen().orElseThrow().repId);
            pick.lostReasons().values().forEach(reason -> assertEquals("LOST_TIE (never served)", reason));
        }
        assertEquals(Set.of("a", "b", "c"), firstPicks);
    }

    private static Rep weighted(String repId, int weight) {
        Rep rep = rep(repId);
        rep.weight = weight;
        return rep;
    }

    @Test
    void weightedSharesAreExactlyProportionalOverEveryFullCycle() {
        List<Rep> team = List.of(weighted("a", 3), weighted("b", 2), weighted("c", 1));
        List<String> served = route(Strategy.WEIGHTED, 600, lead -> team);
        assertEquals(Map.of("a", 300, "b", 200, "c", 100), counts(served));
        for (int start = 0; start < 600; start += 6) {
            assertEquals(Map.of("a", 3, "b", 2, "c", 1), counts(served.subList(start, start + 6)));
        }
    }

    @Test
    void weightedSpreadsARepsShareInsteadOfServingItInOneBurst() {
        List<Rep> team = List.of(weighted("a", 5), weighted("b", 1), weighted("c", 1));
        List<String> cycle = route(Strategy.WEIGHTED, 7, lead -> team);
        assertTrue(String.join("", cycle).matches("a+[bc]a+[bc]a+") && !String.join("", cycle).contains("aaaa"),
                cycle.toString());
    }

    @Test
    void weightZeroNeverTakesALead() {
        List<Rep> team = List.of(weighted("a", 1), weighted("idle", 0), weighted("b", 2));
        Map<String, Integer> counts = counts(route(Strategy.WEIGHTED, 300, lead -> team));
        assertEquals(Map.of("a", 100, "b", 200), counts);

        Pick nobody = RepPicker.of(Strategy.WEIGHTED).pick(List.of(weighted("idle", 0)), "team", random);
        assertTrue(nobody.chosen().isEmpty());
        assertEquals("ZERO_WEIGHT", nobody.reason("idle"));
        assertNull(nobody.turn());
    }

    @Test
    void weightedServesTheRepMostOwedByWeightAndRecordsTheirTurnOnly() {
        Rep a = weighted("a", 1);
        Rep b = weighted("b", 2);
        a.weightedTurns = Map.of("emea", java.math.BigDecimal.valueOf(1));
        b.weightedTurns = Map.of("emea", java.math.BigDecimal.valueOf(3));
        // Virtual time 4/3: a's next turn runs 1..2, b's 1.5..2, b's has not started yet.
        Pick pick = RepPicker.of(Strategy.WEIGHTED).pick(List.of(a, b), "emea", random);
        assertEquals("a", pick.chosen().orElseThrow().repId);
        assertEquals("MOST_OWED_BY_WEIGHT (1 turns taken, weight 1 of 3)", pick.chosenReason());
        assertEquals("LESS_OWED_BY_WEIGHT (3 turns taken, weight 2 of 3)", pick.reason("b"));
        assertEquals(new Turn(Rep.WEIGHTED_TURNS, "emea", true, java.math.BigDecimal.valueOf(1), 2), pick.turn());
    }

    private static Rep loaded(String repId, int openLeads, int capacity) {
        Rep rep = rep(repId);
        rep.openLeads = openLeads;
        rep.capacity = capacity;
        return rep;
    }

    @Test
    void leastLoadedPicksTheLowestShareOfCapacityAndKeepsNoTurns() {
        Pick pick = RepPicker.of(Strategy.LEAST_LOADED).pick(
                List.of(loaded("busy", 3, 5), loaded("light", 2, 10), loaded("fresh-but-small", 1, 2)), "emea", random);
        assertEquals("light", pick.chosen().orElseThrow().repId);
        assertEquals("LOWEST_LOAD 0.20 (2/10)", pick.chosenReason());
        assertEquals("HIGHER_LOAD 0.60 vs 0.20", pick.reason("busy"));
        assertEquals("HIGHER_LOAD 0.50 vs 0.20", pick.reason("fresh-but-small"));
        assertNull(pick.turn());
    }

    @Test
    void leastLoadedSettlesEqualLoadsAtRandom() {
        List<Rep> team = List.of(loaded("a", 1, 5), loaded("b", 2, 10), loaded("c", 4, 10));
        Set<String> picks = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            Pick pick = RepPicker.of(Strategy.LEAST_LOADED).pick(team, "team", new SplittableRandom(seed));
            picks.add(pick.chosen().orElseThrow().repId);
        }
        assertEquals(Set.of("a", "b"), picks);
    }

    @Test
    void accountOwnerIsNoTeamStrategy() {
        assertThrows(IllegalArgumentException.class, () -> RepPicker.of(Strategy.ACCOUNT_OWNER));
    }
}
