package dev.leadrouter.routing;

import java.util.HashMap;
import java.util.Map;

/**
 * A team's strategy state, stored by the caller and written back with a conditional check on
 * {@code version}. {@code version} also counts the team's turns: round robin records in {@code turns}
 * the turn at which each rep was last served; smooth weighted round robin keeps each rep's
 * {@code currentWeights}.
 */
public record TeamState(long version, Map<String, Long> turns, Map<String, Long> currentWeights) {
    private static final TeamState EMPTY = new TeamState(0, Map.of(), Map.of());

    public TeamState {
        turns = withoutNulls(turns);
        currentWeights = withoutNulls(currentWeights);
    }

    public static TeamState empty() {
        return EMPTY;
    }

    /** This state with new maps: the same object when nothing changed, else the next version. */
    TeamState next(Map<String, Long> newTurns, Map<String, Long> newCurrentWeights) {
        TeamState candidate = new TeamState(version, newTurns, newCurrentWeights);
        return candidate.equals(this) ? this : new TeamState(version + 1, newTurns, newCurrentWeights);
    }

    /** Stored maps come from DynamoDB through Jackson: drop entries without a key or value. */
    private static Map<String, Long> withoutNulls(Map<String, Long> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, Long> clean = new HashMap<>();
        map.forEach((key, value) -> {
            if (key != null && value != null) {
                clean.put(key, value);
            }
        });
        return Map.copyOf(clean);
    }
}
