package dev.leadrouter.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Rep;
import java.util.List;
import java.util.Optional;

/** The ops-edited reps (CONTRACT.md, "Rep — table lead-router-reps"); {@code openLeads} moves only through {@link Placements}. */
public interface RepRoster {
    /** Every rep that can be used as written; an unusable item is skipped (and logged) for itself alone. */
    List<Rep> all();

    /** Every rep item as stored, for validation and export. */
    List<ObjectNode> items();

    /** The rep when it exists and its item can be used. */
    Optional<Rep> get(String repId);

    /** Makes the rep inactive (no new leads); false when there is no such rep. */
    boolean deactivate(String repId);

    /** The rep item as stored, read leniently (the hand-off's channels). */
    Optional<ObjectNode> item(String repId);
}
