package dev.leadrouter.port;

/**
 * Commits a {@link Placement} as one atomic write (in DynamoDB one TransactWriteItems). Each condition is
 * re-checked at commit: the lead's version, the rep still active with {@code openLeads} as read and below
 * capacity, the released rep holding at least one lead, the team's turn state at the version read.
 */
public interface Placements {
    /** On {@link Committed}, {@code placement.lead().version} is bumped. */
    Commit commit(Placement placement);

    sealed interface Commit {
    }

    record Committed() implements Commit {
    }

    /** Someone changed the lead, the rep's capacity or the team's turn since they were read: decide again. */
    record LostRace() implements Commit {
    }

    /** The rep to be released is gone or holds no lead: nothing to give back (the rest was not written). */
    record NothingToRelease() implements Commit {
    }
}
