package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.Map;
import java.util.Optional;

/**
 * What a strategy decided: the chosen rep (none when no eligible rep can be picked) and why, the chosen
 * rep's new count of turns (null for a strategy without turns), and for every other eligible rep why they lost.
 */
public record Pick(Optional<Rep> chosen, String chosenReason, Turn turn, Map<String, String> lostReasons) {
    public Pick {
        lostReasons = Map.copyOf(lostReasons);
    }

    static Pick nobody(Map<String, String> lostReasons) {
        return new Pick(Optional.empty(), null, null, lostReasons);
    }

    /** Why this eligible rep was or was not chosen. */
    public String reason(String repId) {
        return chosen.filter(rep -> rep.repId.equals(repId)).isPresent() ? chosenReason : lostReasons.get(repId);
    }
}
