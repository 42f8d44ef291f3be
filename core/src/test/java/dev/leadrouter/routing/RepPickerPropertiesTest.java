package dev.leadrouter.routing;

import static dev.leadrouter.routing.Reps.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Strategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RepPickerPropertiesTest {

    private static Map<String, Integer> route(Strategy strategy, List<Rep> team, int leads, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> counts = new HashMap<>();
        for (int lead = 0; lead < leads; lead++) {
            Pick pick = RepPicker.of(strategy).pick(team, "crowd", random);
            counts.merge(pick.chosen().orElseThrow().repId, 1, Integer::sum);
            Reps.take(pick.chosen().orElseThrow(), pick.turn());
        }
        return counts;
    }

    @Property(tries = 200)
    void roundRobinCountsNeverDifferByMoreThanOne(@ForAll @IntRange(min = 1, max = 12) int teamSize,
                                                 @ForAll @IntRange(min = 1, max = 300) int leads, @ForAll long seed) {
        List<Rep> team = new ArrayList<>();
        for (int i = 0; i < teamSize; i++) {
            team.add(rep("r-" + i));
        }
        Map<String, Integer> counts = route(Strategy.ROUND_ROBIN, team, leads, seed);
        int min = team.stream().mapToInt(rep -> counts.getOrDefault(rep.repId, 0)).min().orElseThrow();
        int max = team.stream().mapToInt(rep -> counts.getOrDefault(rep.repId, 0)).max().orElseThrow();
        assertTrue(max - min <= 1, counts.toString());
    }

    @Property(tries = 200)
    void weightedSharesAreExactAfterWholeCycles(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 7) Integer> weights,
                                                @ForAll @IntRange(min = 1, max = 5) int cycles, @ForAll long seed) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return;
        }
        List<Rep> team = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            Rep rep = rep("r-" + i);
            rep.weight = weights.get(i);
            team.add(rep);
        }
        Map<String, Integer> counts = route(Strategy.WEIGHTED, team, cycles * total, seed);
        for (Rep rep : team) {
            assertEquals(cycles * rep.weight, counts.getOrDefault(rep.repId, 0), rep.repId + " of " + weights);
        }
    }
}
