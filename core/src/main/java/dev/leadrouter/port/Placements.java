package dev.leadrouter.port;

import dev.leadrouter.routing.StoredRep;
import java.util.Optional;

/**
 * Commits a {@link Placement} as one atomic write (in DynamoDB one TransactWriteItems). Each condition is
 * re-checked at commit: the lead's version, the rep still active with {@code openLeads} at most as read (so
 * below capacity) and everything else the decision read of it (its count of turns too), the released rep holding at
 * least one lead.
 */
public interface Placements {
    /** On {@link Committed}, {@code placement.lead().version} is bumped. */
    Commit commit(Placement placement);

    sealed interface Commit {
    }

    record Committed() implements Commit {
    }

    /** Someone changed the lead or the team's turn since they were read: decide again. */
    record LostRace() implements Commit {
    }

    /** The reserved rep is no longer as read: {@code now} is how it is (empty: gone or unusable). */
    record RepChanged(Optional<StoredRep> now) implements Commit {
    }

    /** Cancelled by a concurrent write to the same items, not by a condition: read the reserved rep again. */
    record Contended() implements Commit {
    }

    /** The rep to be released is gone or holds no lead: nothing to give back (the rest was not written). */
    record NothingToRelease() implements Commit {
    }
}
