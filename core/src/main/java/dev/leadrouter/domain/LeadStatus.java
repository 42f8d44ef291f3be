package dev.leadrouter.domain;

import java.util.EnumSet;
import java.util.Set;

/** Lead lifecycle states of CONTRACT.md, "1. The flow". */
public enum LeadStatus {
    RECEIVED, QUALIFIED, NURTURE, DISQUALIFIED, UNASSIGNED, ASSIGNED, ACCEPTED, CLOSED;

    /** States a lead may rest in for good; every other state has a next step the sweep watches. */
    public static final Set<LeadStatus> FINAL = EnumSet.of(NURTURE, DISQUALIFIED, ACCEPTED, CLOSED);

    /** Assigned or accepted: the lead holds one unit of its rep's capacity. */
    public boolean holdsCapacity() {
        return this == ASSIGNED || this == ACCEPTED;
    }
}
