package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fair turn-taking: the eligible rep with the fewest turns in the team's rotation goes next (a {@link Rotation}
 * with every weight 1), so that over any run with the same eligible reps, counts never differ by more than one.
 * A rep never served (new, or just joined), or back from being away or full, is served once and then in line
 * with the others, with no catch-up burst.
 */
final class RoundRobin implements RepPicker {
    static final RoundRobin INSTANCE = new RoundRobin();
    private static final Rotation ROTATION = new Rotation(Rep.TURNS, rep -> 1);
    private static final Rotation.Words WORDS = new Rotation.Words() {
        @Override
        public String chosen(Rep rep, long turns, long weight, long totalWeight) {
            return "LEAST_RECENTLY_SERVED (" + describe(turns) + ")";
        }

        @Override
        public String behind(Rep rep, long turns, long weight, long totalWeight) {
            return "NOT_THEIR_TURN (" + describe(turns) + ")";
        }

        @Override
        public String tied(Rep rep, long turns, long weight, long totalWeight) {
            return "LOST_TIE (" + describe(turns) + ")";
        }
    };

    private RoundRobin() {
    }

    @Override
    public Pick pick(List<Rep> eligible, String team, RandomGenerator random) {
        if (eligible.isEmpty()) {
            return Pick.nobody(Map.of());
        }
        return ROTATION.pick(eligible, team, random, WORDS, new HashMap<>());
    }

    @Override
    public Comparator<Rep> soonestFirst(String team) {
        return ROTATION.soonestFirst(team);
    }

    private static String describe(long turns) {
        return turns == 0 ? "never served" : turns + (turns == 1 ? " turn taken" : " turns taken");
    }
}
