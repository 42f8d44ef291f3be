package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.Map;
import java.util.Optional;

/**
 * What a strategy decided: the chosen rep (none when no eligible rep can be picked) and why, the
 * team state after the pick, and for every other eligible rep why they lost.
 */
public record Pick(Optional<Rep> chosen, String chosenReason, TeamState state, Map<String, String> lostReasons) {
    public Pick {
        lostReasons = Map.copyOf(lostReasons);
    }

    static Pick nobody(TeamState state, Map<String, String> lostReasons) {
        return new Pick(Optional.empty(), null, state, lostReasons);
    }

    /** Why this eligible rep was or was not chosen. */
    public String reason(String repId) {
        return chosen.filter(rep -> rep.repId.equals(repId)).isPresent() ? chosenReason : lostReasons.get(repId);
    }
}
