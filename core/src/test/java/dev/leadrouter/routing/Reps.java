package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reps for tests: active, always working, room for plenty of leads. */
final class Reps {
    private Reps() {
    }

    static Rep rep(String repId, String... teams) {
        Rep rep = new Rep();
        rep.repId = repId;
        rep.name = repId;
        rep.email = repId + "@example.com";
        rep.teams = List.of(teams);
        rep.capacity = 1_000_000;
        return rep;
    }

    /** Does to the rep what the placement's transaction does with a turn: the count in its map of turns. */
    static void take(Rep rep, Turn turn) {
        if (turn == null) {
            return;
        }
        Map<String, BigDecimal> map = new HashMap<>(rep.turnsIn(turn.attribute()) == null ? Map.of()
                : rep.turnsIn(turn.attribute()));
        map.put(turn.team(), BigDecimal.valueOf(turn.next()));
        if (Rep.TURNS.equals(turn.attribute())) {
            rep.turns = map;
        } else {
            rep.weightedTurns = map;
        }
    }

    /** The rep with {@code turns} round-robin turns taken in {@code team}. */
    static Rep withTurns(Rep rep, String team, long turns) {
        take(rep, new Turn(Rep.TURNS, team, true, null, turns));
        return rep;
    }
}
