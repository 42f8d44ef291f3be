package dev.leadrouter.routing;

import java.math.BigDecimal;

/**
 * The chosen rep's new count of turns in a team's rotation, written on the rep item by the placement's
 * transaction on condition that the count is still the one read (CONTRACT.md, "Rep — table lead-router-reps",
 * extended by the README, "Fair turns without a team item").
 *
 * @param attribute  the rep item's map of turns ({@code Rep.TURNS} or {@code Rep.WEIGHTED_TURNS})
 * @param team       the map's key: the team in lower case
 * @param mapPresent whether the rep item had that map when read
 * @param previous   the number read, as stored; null when the item had none (an absent marker counts as far behind)
 * @param next       the count to write
 */
public record Turn(String attribute, String team, boolean mapPresent, BigDecimal previous, long next) {
}
