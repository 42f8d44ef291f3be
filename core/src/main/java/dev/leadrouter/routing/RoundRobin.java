package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Fair turn-taking: the eligible rep served least recently goes next, and takes the team's next turn.
 * A rep never served (new, or just joined) counts as served at turn 0. A rep back from being away or
 * full is simply the least recently served one: served once, then back in line, with no catch-up burst.
 */
final class RoundRobin implements RepPicker {
    static final RoundRobin INSTANCE = new RoundRobin();

    private RoundRobin() {
    }

    @Override
    public Pick pick(List<Rep> eligible, TeamState state, RandomGenerator random) {
        if (eligible.isEmpty()) {
            return Pick.nobody(state, Map.of());
        }
        long oldest = eligible.stream().mapToLong(rep -> lastServed(state, rep)).min().orElseThrow();
        List<Rep> tied = eligible.stream().filter(rep -> lastServed(state, rep) == oldest).toList();
        Rep chosen = tied.get(random.nextInt(tied.size()));

        Map<String, String> lost = new HashMap<>();
        for (Rep rep : eligible) {
            long served = lastServed(state, rep);
            if (rep != chosen) {
                lost.put(rep.repId, (served == oldest ? "LOST_TIE (" : "NOT_THEIR_TURN (") + describe(served) + ")");
            }
        }
        Map<String, Long> turns = new HashMap<>(state.turns());
        turns.put(chosen.repId, state.version() + 1);
        return new Pick(Optional.of(chosen), "LEAST_RECENTLY_SERVED (" + describe(oldest) + ")",
                state.next(turns, state.currentWeights()), lost);
    }

    private static long lastServed(TeamState state, Rep rep) {
        return state.turns().getOrDefault(rep.repId, 0L);
    }

    private static String describe(long turn) {
        return turn == 0 ? "never served" : "last served turn " + turn;
    }
}
