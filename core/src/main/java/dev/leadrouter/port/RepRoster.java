package dev.leadrouter.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.routing.StoredRep;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ops-edited reps (CONTRACT.md, "Rep — table lead-router-reps"); {@code openLeads} moves only through {@link Placements}. */
public interface RepRoster {
    /** Most reps {@link #read(Collection)} reads at once (in DynamoDB one BatchGetItem's limit). */
    int MAX_BATCH_READ = 100;

    /** Every rep that can be used as written; an unusable item is skipped (and logged) for itself alone. */
    List<Rep> all();

    /** {@link #all()} with what each decision reads, as stored (a placement is conditioned on it). */
    List<StoredRep> usable();

    /** Every rep item as stored, for validation and export. */
    List<ObjectNode> items();

    /** The rep when it exists and its item can be used. */
    Optional<Rep> get(String repId);

    /** {@link #get} with what a decision reads, as stored (a consistent read). */
    Optional<StoredRep> read(String repId);

    /** The usable reps among {@code repIds} (at most {@link #MAX_BATCH_READ}); absent ids are missing or unusable. */
    Map<String, StoredRep> read(Collection<String> repIds);

    /** Makes the rep inactive (no new leads); false when there is no such rep. */
    boolean deactivate(String repId);

    /** The rep item as stored, read leniently (the hand-off's channels). */
    Optional<ObjectNode> item(String repId);
}
