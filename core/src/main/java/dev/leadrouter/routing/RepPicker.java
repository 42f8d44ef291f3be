package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Strategy;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** A team strategy: picks one rep among the eligible ones of a team, and says why the others lost. */
public sealed interface RepPicker permits RoundRobin, WeightedRoundRobin, LeastLoaded {

    /**
     * @param eligible reps who may take the lead now, in a stable order
     * @param team     the team whose rotation it is (the rep items' turn counts are kept per team)
     * @param random   settles ties, so that they never go the same way every time
     */
    Pick pick(List<Rep> eligible, String team, RandomGenerator random);

    /** Orders a team's reps as this strategy would serve them as they now stand: the one it would pick first, first. */
    Comparator<Rep> soonestFirst(String team);

    /** The picker of a team strategy; ACCOUNT_OWNER is no team strategy and has none. */
    static RepPicker of(Strategy strategy) {
        return switch (strategy) {
            case ROUND_ROBIN -> RoundRobin.INSTANCE;
            case WEIGHTED -> WeightedRoundRobin.INSTANCE;
            case LEAST_LOADED -> LeastLoaded.INSTANCE;
            case ACCOUNT_OWNER -> throw new IllegalArgumentException("ACCOUNT_OWNER is not a team strategy");
        };
    }
}
