package dev.leadrouter.store;

import dev.leadrouter.domain.Rep;
import dev.leadrouter.routing.Turn;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A usable rep and, exactly as stored, the attributes a routing decision reads from its item
 * ({@link #DECIDED_ON}), so that the placement can be made on the condition that none of them changed.
 */
public record StoredRep(Rep rep, Map<String, AttributeValue> decidedOn) {
    /** What eligibility, the strategies and the assignment read from a rep item. */
    static final java.util.List<String> DECIDED_ON = java.util.List.of("active", "capacity", "openLeads", "awayUntil",
            "teams", "skills", "workingHours", "timezone", "weight", "email");

    public StoredRep {
        decidedOn = Map.copyOf(decidedOn);
    }

    static StoredRep of(Rep rep, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> decidedOn = new HashMap<>();
        DECIDED_ON.stream().filter(item::containsKey).forEach(name -> decidedOn.put(name, item.get(name)));
        return new StoredRep(rep, decidedOn);
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
        Map<String, AttributeValue> decided = new HashMap<>(decidedOn);
        decided.put("openLeads", AttributeValue.fromN(Integer.toString(moved.openLeads)));
        return new StoredRep(moved, decided);
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
        copy.turns = rep.turns;
        copy.weightedTurns = rep.weightedTurns;
        return copy;
    }
}
