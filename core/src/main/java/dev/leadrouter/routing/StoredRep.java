package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * A usable rep and, exactly as its store holds them, the attributes a routing decision reads from its item
 * ({@link #decidedOn}), so that the placement can be made on the condition that none of them changed.
 */
public record StoredRep(Rep rep, ReadAs decidedOn) {
    /** What eligibility, the strategies and the assignment read from a rep item. */
    public static final java.util.List<String> DECIDED_ON = java.util.List.of("active", "capacity", "openLeads",
            "awayUntil", "teams", "skills", "workingHours", "timezone", "weight", "email");

    /**
     * The {@link #DECIDED_ON} attributes as the store read them, in its own types (equal when unchanged); the
     * reserve of a placement is conditioned on them.
     */
    public interface ReadAs {
        /** The same read with {@code openLeads} as one of our own commits left it. */
        ReadAs withOpenLeads(int openLeads);
    }

    public String repId() {
        return rep.repId;
    }

    /**
     * This rep after one of our own transactions moved its {@code openLeads} by {@code delta} and, with
     * {@code turn}, its count of turns in a team's rotation on.
     */
    public StoredRep afterCommit(int delta, Turn turn) {
        Rep moved = copy(rep);
        moved.openLeads = Math.max(0, rep.openLeads + delta);
        if (turn != null) {
            Map<String, BigDecimal> counts = new HashMap<>();
            if (turn.mapPresent() && rep.turnsIn(turn.attribute()) != null) {
                counts.putAll(rep.turnsIn(turn.attribute()));
            }
            counts.put(turn.team(), BigDecimal.valueOf(turn.next()));
            if (Rep.TURNS.equals(turn.attribute())) {
                moved.turns = Map.copyOf(counts);
            } else {
                moved.weightedTurns = Map.copyOf(counts);
            }
        }
        return new StoredRep(moved, decidedOn.withOpenLeads(moved.openLeads));
    }

    private static Rep copy(Rep rep) {
        Rep copy = new Rep();
        copy.repId = rep.repId;
        copy.name = rep.name;
        copy.email = rep.email;
        copy.teams = rep.teams;
        copy.active = rep.active;
        copy.capacity = rep.capacity;
        copy.openLeads = rep.openLeads;
        copy.weight = rep.weight;
        copy.skills = rep.skills;
        copy.timezone = rep.timezone;
        copy.workingHours = rep.workingHours;
        copy.awayUntil = rep.awayUntil;
        copy.notify = rep.notify;
        copy.turns = rep.turns;
        copy.weightedTurns = rep.weightedTurns;
        return copy;
    }
}
