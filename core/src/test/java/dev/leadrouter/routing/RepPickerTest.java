package dev.leadrouter.routing;

import static dev.leadrouter.routing.Reps.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        TeamState state = TeamState.empty();
        List<String> served = new ArrayList<>();
        for (int lead = 0; lead < leads; lead++) {
            Pick pick = RepPicker.of(strategy).pick(eligibleAt.apply(lead), state, random);
            served.add(pick.chosen().orElseThrow().repId);
            state = pick.state();
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
    void roundRobinServesTheLeastRecentlyServedAndRecordsTheTurn() {
        Rep a = rep("a");
        Rep b = rep("b");
        Rep c = rep("c");
        TeamState state = new TeamState(42, Map.of("a", 42L, "b", 41L, "c", 40L), Map.of());
        Pick pick = RepPicker.of(Strategy.ROUND_ROBIN).pick(List.of(a, b, c), state, random);
        assertSame(c, pick.chosen().orElseThrow());
        assertEquals("LEAST_RECENTLY_SERVED (last served turn 40)", pick.chosenReason());
        assertEquals("NOT_THEIR_TURN (last served turn 41)", pick.reason("b"));
        assertEquals(new TeamState(43, Map.of("a", 42L, "b", 41L, "c", 43L), Map.of()), pick.state());
    }

    @Test
    void roundRobinTiesAreNotAlwaysSettledTheSameWay() {
        List<Rep> team = List.of(rep("a"), rep("b"), rep("c"));
        Set<String> firstPicks = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            Pick pick = RepPicker.of(Strategy.ROUND_ROBIN).pick(team, TeamState.empty(), new SplittableRandom(seed));
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

        Pick nobody = RepPicker.of(Strategy.WEIGHTED).pick(List.of(weighted("idle", 0)), TeamState.empty(), random);
        assertTrue(nobody.chosen().isEmpty());
        assertEquals("ZERO_WEIGHT", nobody.reason("idle"));
        assertSame(TeamState.empty(), nobody.state());
    }

    @Test
    void weightedLeavesTheCurrentWeightOfRepsWhoAreNotEligibleAlone() {
        TeamState state = new TeamState(9, Map.of(), Map.of("a", 1L, "b", -2L, "away", 4L));
        Pick pick = RepPicker.of(Strategy.WEIGHTED).pick(List.of(weighted("a", 1), weighted("b", 2)), state, random);
        // a: 1 + 1 = 2 beats b: -2 + 2 = 0, and pays back the total weight 3.
        assertEquals("a", pick.chosen().orElseThrow().repId);
        assertEquals("LOWER_CURRENT_WEIGHT 0 vs 2", pick.reason("b"));
        assertEquals(new TeamState(10, Map.of(), Map.of("a", -1L, "b", 0L, "away", 4L)), pick.state());
    }

    private static Rep loaded(String repId, int openLeads, int capacity) {
        Rep rep = rep(repId);
        rep.openLeads = openLeads;
        rep.capacity = capacity;
        return rep;
    }

    @Test
    void leastLoadedPicksTheLowestShareOfCapacityAndKeepsTheState() {
        TeamState state = new TeamState(3, Map.of("a", 2L), Map.of());
        Pick pick = RepPicker.of(Strategy.LEAST_LOADED).pick(
                List.of(loaded("busy", 3, 5), loaded("light", 2, 10), loaded("fresh-but-small", 1, 2)), state, random);
        assertEquals("light", pick.chosen().orElseThrow().repId);
        assertEquals("LOWEST_LOAD 0.20 (2/10)", pick.chosenReason());
        assertEquals("HIGHER_LOAD 0.60 vs 0.20", pick.reason("busy"));
        assertEquals("HIGHER_LOAD 0.50 vs 0.20", pick.reason("fresh-but-small"));
        assertSame(state, pick.state());
    }

    @Test
    void leastLoadedSettlesEqualLoadsAtRandom() {
        List<Rep> team = List.of(loaded("a", 1, 5), loaded("b", 2, 10), loaded("c", 4, 10));
        Set<String> picks = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            Pick pick = RepPicker.of(Strategy.LEAST_LOADED).pick(team, TeamState.empty(), new SplittableRandom(seed));
            picks.add(pick.chosen().orElseThrow().repId);
        }
        assertEquals(Set.of("a", "b"), picks);
    }

    @Test
    void accountOwnerIsNoTeamStrategy() {
        assertThrows(IllegalArgumentException.class, () -> RepPicker.of(Strategy.ACCOUNT_OWNER));
    }
}
