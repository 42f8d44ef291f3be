package dev.leadrouter.port;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.routing.StoredRep;
import dev.leadrouter.routing.Turn;

/**
 * One placement, written at once or not at all: the lead (still at the version read), the release of the
 * capacity it held ({@code releaseRepId}, null: none) and the reservation of its new rep's capacity, with that
 * rep's turn in the team's rotation (null: none).
 */
public record Placement(Lead lead, String releaseRepId, Reservation reserve) {

    /**
     * Takes one unit of {@code rep}'s capacity, only if everything the decision read of it is unchanged and,
     * when capacity is enforced, its {@code openLeads} at most as read (a close since then may have lowered it);
     * {@code openLeads} is incremented in place; with
     * {@code turn} (null: none) the rep's count of turns moves on, on condition that it is still the count read.
     */
    public record Reservation(StoredRep rep, boolean capacityEnforced, Turn turn) {
    }

    public static Placement leadOnly(Lead lead) {
        return new Placement(lead, null, null);
    }

    public Placement withoutRelease() {
        return new Placement(lead, null, reserve);
    }
}
