package dev.leadrouter.port;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Touchpoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The leads table (CONTRACT.md, "Lead — table lead-router-leads"). Every lead write is optimistic on
 * {@link Lead#version}: it succeeds only if nobody wrote the lead since it was read, and then bumps the version
 * of the {@code Lead} passed in.
 */
public interface Leads {
    Optional<Lead> get(String leadId);

    /** Writes the lead if its stored version is still {@code lead.version}; false when someone else wrote it. */
    boolean saveIfVersion(Lead lead);

    /**
     * Stores a new lead (version 0) together with its uniqueness claims, all or nothing: either every key is
     * now the lead's, or nothing was written and the outcome says which claim someone else holds.
     */
    Creation create(Lead lead, List<Claim> claims);

    /** A uniqueness record: a dedupe key, a CRM external id or an idempotency key, pointing at one lead. */
    record Claim(String key, String takeOverFrom, Idempotency idempotency) {
        /** The key must be free. */
        public static Claim of(String key) {
            return new Claim(key, null, null);
        }

        /** The key must be free or still point at {@code staleLeadId} (a closed lead): this lead takes it over. */
        public static Claim takeOver(String key, String staleLeadId) {
            return new Claim(key, staleLeadId, null);
        }

        /** An idempotency key, pending until {@link #rememberAnswer} records the answer given. */
        public static Claim idempotency(String key, String requestHash, Instant expiresAt) {
            return new Claim(key, null, new Idempotency(requestHash, expiresAt));
        }
    }

    record Idempotency(String requestHash, Instant expiresAt) {
    }

    /** What {@link #create} did. */
    sealed interface Creation {
    }

    record Created() implements Creation {
    }

    /** {@code claim} is held by {@code existingLeadId} (null when the record names none). */
    record Duplicate(Claim claim, String existingLeadId) implements Creation {
    }

    /** A concurrent write touched the same keys: nothing was written, try again. */
    record Conflict() implements Creation {
    }

    /** The lead a uniqueness record points at. */
    Optional<String> claimHolder(String key);

    /**
     * The lead {@code leadId} while it is open: a submission matching one of its dedupe keys is its duplicate. A
     * CLOSED or missing lead gives empty, because a close leaves its claims and the person's next submission
     * starts a new lead.
     */
    default Optional<Lead> openLead(String leadId) {
        return get(leadId).filter(held -> held.status != LeadStatus.CLOSED);
    }

    /** The open lead that the dedupe key {@code key} makes a new submission the duplicate of, if any. */
    default Optional<Lead> openLeadHolding(String key) {
        return claimHolder(key).flatMap(this::openLead);
    }

    /** The idempotency record of {@code key}: pending (no answer yet) or with the answer first given. */
    Optional<IdempotencyRecord> idempotency(String key);

    /** {@code answerStatus} null: pending, the lead stored but not yet handed on. */
    record IdempotencyRecord(String leadId, String requestHash, Integer answerStatus, String answerBody) {
    }

    /** Records the answer given for an idempotency key, kept until {@code expiresAt}. */
    void rememberAnswer(String key, String leadId, String requestHash, int status, String body,
                        Instant at, Instant expiresAt);

    /** What {@link #appendTouchpoint} did. */
    enum Append { APPENDED, FULL, CLOSED_OR_MISSING }

    /**
     * Appends a touchpoint and bumps the version in one update, unless the lead is missing, CLOSED or already
     * holds {@code max} touchpoints.
     */
    Append appendTouchpoint(String leadId, Touchpoint touchpoint, int max, String now);

    /**
     * Marks the assignment made at {@code assignedAt} as announced (its messages sent), whatever else was written
     * to the lead since it was read: while the lead is ASSIGNED with that assignment, {@code outputSent} and
     * {@code dueAt}; once accepted (or otherwise moved on with it), {@code outputSent} alone. The version is
     * bumped, so that a writer holding an older copy re-reads instead of putting the mark back. False when the
     * lead no longer holds that assignment.
     */
    boolean markSent(Lead lead, String assignedAt, long dueAtWhileAssigned);

    /** Leads in {@code status} whose {@code dueAt} has passed, oldest first (an index query, never a scan). */
    List<Lead> due(LeadStatus status, long nowMillis, int limit);

    /**
     * Moves {@code dueAt} to {@code nextDueAt} if the lead is still in the status and due time read, without
     * touching its version.
     */
    boolean postpone(Lead lead, long nextDueAt);

    /** Ids of the leads {@code repId} holds now (ASSIGNED or ACCEPTED). */
    List<String> heldBy(String repId);

    /** Whether the one-time record {@code key} (an action link's use) exists. */
    boolean used(String key);

    /** Records the one-time use {@code key} of {@code repId}'s {@code action}; false when it was used before. */
    boolean recordUse(String key, String action, String repId, Instant usedAt, Instant keepUntil);
}
