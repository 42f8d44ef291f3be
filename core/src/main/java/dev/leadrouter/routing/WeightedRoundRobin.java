package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Shares in proportion to weight, spread out rather than in bursts: a {@link Rotation} weighted by each rep's
 * {@code weight}. Over any whole cycle of (total weight) leads with the same eligible reps, each gets exactly
 * their weight's share. Weight 0 (or less) takes nothing; reps not eligible keep their count.
 */
final class WeightedRoundRobin implements RepPicker {
    static final WeightedRoundRobin INSTANCE = new WeightedRoundRobin();
    private static final Rotation ROTATION = new Rotation(Rep.WEIGHTED_TURNS, rep -> rep.weight);
    private static final Rotation.Words WORDS = new Rotation.Words() {
        @Override
        public String chosen(Rep rep, long turns, long weight, long totalWeight) {
            return "MOST_OWED_BY_WEIGHT (" + describe(turns, weight, totalWeight) + ")";
        }

        @Override
        public String behind(Rep rep, long turns, long weight, long totalWeight) {
            return "LESS_OWED_BY_WEIGHT (" + describe(turns, weight, totalWeight) + ")";
        }

        @Override
        public String tied(Rep rep, long turns, long weight, long totalWeight) {
            return "LOST_TIE (" + describe(turns, weight, totalWeight) + ")";
        }
    };

    private WeightedRoundRobin() {
    }

    @Override
    public Pick pick(List<Rep> eligible, String team, RandomGenerator random) {
        Map<String, String> lost = new HashMap<>();
        eligible.stream().filter(rep -> rep.weight <= 0).forEach(rep -> lost.put(rep.repId, "ZERO_WEIGHT"));
        List<Rep> weighted = eligible.stream().filter(rep -> rep.weight > 0).toList();
        if (weighted.isEmpty()) {
            return Pick.nobody(lost);
        }
        return ROTATION.pick(weighted, team, random, WORDS, lost);
    }

    @Override
    public Comparator<Rep> soonestFirst(String team) {
        return ROTATION.soonestFirst(team);
    }

    private static String describe(long turns, long weight, long totalWeight) {
        return turns + " turns taken, weight " + weight + " of " + totalWeight;
    }
}
