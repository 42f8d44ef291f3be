package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Smooth weighted round robin (as in nginx): every eligible rep's current weight grows by their weight,
 * the highest current weight is served and pays back the total weight of the eligible reps. Over any
 * run of (total weight) leads with the same eligible reps, each gets exactly their weight's share, spread
 * out rather than in bursts. Weight 0 (or less) takes nothing; reps not eligible keep their current weight.
 */
final class SmoothWeighted implements RepPicker {
    static final SmoothWeighted INSTANCE = new SmoothWeighted();

    private SmoothWeighted() {
    }

    @Override
    public Pick pick(List<Rep> eligible, TeamState state, RandomGenerator random) {
        Map<String, String> lost = new HashMap<>();
        eligible.stream().filter(rep -> rep.weight <= 0).forEach(rep -> lost.put(rep.repId, "ZERO_WEIGHT"));
        List<Rep> weighted = eligible.stream().filter(rep -> rep.weight > 0).toList();
        if (weighted.isEmpty()) {
            return Pick.nobody(state, lost);
        }
        Map<String, Long> current = new HashMap<>(state.currentWeights());
        long total = 0;
        for (Rep rep : weighted) {
            current.merge(rep.repId, (long) rep.weight, Long::sum);
            total += rep.weight;
        }
        long highest = weighted.stream().mapToLong(rep -> current.get(rep.repId)).max().orElseThrow();
        List<Rep> tied = weighted.stream().filter(rep -> current.get(rep.repId) == highest).toList();
        Rep chosen = tied.get(random.nextInt(tied.size()));

        for (Rep rep : weighted) {
            long own = current.get(rep.repId);
            if (rep != chosen) {
                lost.put(rep.repId, own == highest
                        ? "LOST_TIE (current weight " + own + ")"
                        : "LOWER_CURRENT_WEIGHT " + own + " vs " + highest);
            }
        }
        current.put(chosen.repId, highest - total);
        String why = "HIGHEST_CURRENT_WEIGHT " + highest + " (weight " + chosen.weight + " of " + total + ")";
        return new Pick(Optional.of(chosen), why, state.next(state.turns(), current), lost);
    }
}
