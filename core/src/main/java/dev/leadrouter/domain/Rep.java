package dev.leadrouter.domain;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An ops-edited rep item (CONTRACT.md, "Rep — table lead-router-reps"); openLeads is kept by the system. */
public class Rep {
    /** The rep item's map of round-robin turns taken, per team (kept by the system). */
    public static final String TURNS = "turns";
    /** The rep item's map of weighted turns taken, per team (kept by the system). */
    public static final String WEIGHTED_TURNS = "weightedTurns";

    public String repId;
    public String name;
    public String email;
    public List<String> teams = List.of();
    public boolean active = true;
    public int capacity;
    public int openLeads;
    public int weight = 1;
    public List<String> skills = List.of();
    public String timezone;
    /** Day ("mon".."sun") to "HH:mm-HH:mm"; absent means always working. */
    public Map<String, String> workingHours;
    public String awayUntil;
    /** The item's {@code notify} map as written, over the settings' default: see {@link #notifyWith(Settings)}. */
    public JsonNode notify;
    /**
     * Turns taken in each team's round-robin and weighted rotations, keyed by team in lower case: null when
     * the item has no such map (an item ops wrote), entries that are no number left out.
     */
    public Map<String, BigDecimal> turns;
    public Map<String, BigDecimal> weightedTurns;

    @JsonSetter(TURNS)
    public void setTurns(JsonNode node) {
        turns = counts(node);
    }

    @JsonSetter(WEIGHTED_TURNS)
    public void setWeightedTurns(JsonNode node) {
        weightedTurns = counts(node);
    }

    /** Where this rep is told of an assignment, the settings' default filling what the rep's own map leaves out. */
    public Notify notifyWith(Settings settings) {
        return Notify.of(notify, settings.defaultNotify());
    }

    /** The map of turns named {@code attribute} ({@link #TURNS} or {@link #WEIGHTED_TURNS}); null when absent. */
    public Map<String, BigDecimal> turnsIn(String attribute) {
        return TURNS.equals(attribute) ? turns : weightedTurns;
    }

    /** A system-kept map read leniently: anything but a map is no map, anything but a number no entry. */
    private static Map<String, BigDecimal> counts(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, BigDecimal> counts = new HashMap<>();
        node.properties().forEach(entry -> {
            if (entry.getValue().isNumber()) {
                counts.put(entry.getKey(), entry.getValue().decimalValue());
            }
        });
        return counts;
    }
}
