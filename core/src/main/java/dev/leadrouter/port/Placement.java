package dev.leadrouter.port;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.routing.StoredRep;
import dev.leadrouter.routing.TeamState;

/**
 * One placement, written at once or not at all: the lead (still at the version read), the release of the
 * capacity it held ({@code releaseRepId}, null: none), the reservation of its new rep's capacity (null: none)
 * and the team's next turn state (null: unchanged).
 */
public record Placement(Lead lead, String releaseRepId, Reservation reserve, TeamTurn turn) {

    /**
     * Takes one unit of {@code rep}'s capacity, only if everything the decision read of it is unchanged
     * ({@code openLeads} too when capacity is enforced; an account owner's is incremented in place).
     */
    public record Reservation(StoredRep rep, boolean capacityEnforced) {
    }

    /** Replaces the turn state read at {@code previousVersion} with {@code next}. */
    public record TeamTurn(String team, long previousVersion, TeamState next) {
    }

    public static Placement leadOnly(Lead lead) {
        return new Placement(lead, null, null, null);
    }

    public Placement withoutRelease() {
        return new Placement(lead, null, reserve, turn);
    }
}
