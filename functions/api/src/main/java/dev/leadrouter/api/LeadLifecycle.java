package dev.leadrouter.api;

import dev.leadrouter.cleanse.DedupeKey;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.lifecycle.LeadTransitions;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Placement;
import dev.leadrouter.port.Placements;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.routing.LeadRouter;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * What happens to a lead after assignment: the assignee accepts or declines it, ops reassign it,
 * someone closes it. Every action records who took it ({@code actor}) in the lead's history.
 */
public class LeadLifecycle {
    public static final Set<String> OUTCOMES = Set.of("WON", "LOST", "DISQUALIFIED", "DUPLICATE", "OTHER");
    private static final Log LOG = Log.of(LeadLifecycle.class);
    private static final int MAX_ATTEMPTS = 20;

    public sealed interface Result {
    }

    public record Done(Lead lead) implements Result {
    }

    public record NotFound() implements Result {
    }

    public record Conflict(String message) implements Result {
    }

    private final Leads leads;
    private final Placements placements;
    private final RepRoster reps;
    private final ParkedLeads parked;
    private final LeadRouter router;
    private final HandOffEvents handOff;
    private final Clock clock;

    public LeadLifecycle(Leads leads, Placements placements, RepRoster reps, ParkedLeads parked, LeadRouter router,
                         HandOffEvents handOff, Clock clock) {
        this.leads = leads;
        this.placements = placements;
        this.reps = reps;
        this.parked = parked;
        this.router = router;
        this.handOff = handOff;
        this.clock = clock;
    }

    /** The rep accepts the lead they were assigned (one-click links call this too). */
    public Result accept(String leadId, String repId) {
        return accept(leadId, repId, repId);
    }

    /** {@code repId} accepts the lead; {@code actor} did it (the rep, or ops on their behalf). */
    public Result accept(String leadId, String repId, String actor) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Lead> found = leads.get(leadId);
            if (found.isEmpty()) {
                return new NotFound();
            }
            Lead lead = found.get();
            switch (LeadTransitions.accept(lead, repId, actor, clock.instant())) {
                case LeadTransitions.Unchanged unchanged -> {
                    return new Done(lead);
                }
                case LeadTransitions.Rejected rejected -> {
                    return new Conflict(rejected.reason());
                }
                case LeadTransitions.Changed changed -> {
                }
            }
            if (leads.saveIfVersion(lead)) {
                LOG.info("lead accepted", "leadId", leadId, "repId", repId);
                handOff.event(HandOffMessage.ACCEPTED, leadId, repId, lead.assignment.assignedAt(), lead.updatedAt);
                return new Done(lead);
            }
        }
        throw new IllegalStateException("lead " + leadId + " kept changing");
    }

    /**
     * The assignee declines the lead: it is re-routed at once by the normal rules, never back to them,
     * and their capacity comes back in the same transaction (the SLA re-route's path). Only an ASSIGNED
     * lead can be declined; one-click links call this too.
     */
    public Result decline(String leadId, String repId) {
        return decline(leadId, repId, repId);
    }

    /** {@link #decline(String, String)} done by {@code actor} (the rep, or ops on their behalf). */
    public Result decline(String leadId, String repId, String actor) {
        return switch (router.takeBack(leadId, repId, LeadRouter.Handover.DECLINED, actor, null)) {
            case LeadRouter.Moved moved -> new Done(moved.lead());
            case LeadRouter.NoSuchLead ignored -> new NotFound();
            case LeadRouter.NotHeld notHeld -> new Conflict(notHeld.lead().status == LeadStatus.ASSIGNED
                    ? "rep " + repId + " is not the assignee of this lead"
                    : "lead is " + notHeld.lead().status + "; only an assigned lead can be declined");
            case LeadRouter.Refused refused -> new Conflict(refused.reason());
        };
    }

    /**
     * Ops take the lead from whoever holds it (assigned or accepted): to {@code toRepId} when it names an
     * eligible rep, else re-routed by the normal rules, never back to the holder.
     */
    public Result reassign(String leadId, String toRepId, String actor) {
        return switch (router.takeBack(leadId, null, LeadRouter.Handover.REASSIGNED, actor, toRepId)) {
            case LeadRouter.Moved moved -> new Done(moved.lead());
            case LeadRouter.NoSuchLead ignored -> new NotFound();
            case LeadRouter.NotHeld notHeld -> new Conflict("lead is " + notHeld.lead().status
                    + "; only an assigned or accepted lead can be reassigned");
            case LeadRouter.Refused refused -> new Conflict(refused.reason());
        };
    }

    /**
     * Closes the lead; the rep's capacity comes back in the same transaction, so exactly once. A closed
     * lead is a conflict: it was closed before, perhaps with another outcome.
     */
    public Result close(String leadId, String outcome, String actor) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Lead> found = leads.get(leadId);
            if (found.isEmpty()) {
                return new NotFound();
            }
            Lead lead = found.get();
            String holder = lead.status.holdsCapacity() ? lead.assignment.repId() : null;
            if (LeadTransitions.close(lead, outcome, outcome + (holder == null ? "" : ", frees " + holder), actor,
                    clock.instant()) instanceof LeadTransitions.Rejected rejected) {
                return new Conflict(rejected.reason());
            }
            Placement closing = new Placement(lead, holder, null);
            Placements.Commit result = placements.commit(closing);
            if (result instanceof Placements.NothingToRelease) {
                // The rep was deleted or shows no open leads: close anyway rather than keep the lead open.
                LOG.warn("rep had no capacity to give back", "leadId", leadId, "repId", holder);
                result = placements.commit(closing.withoutRelease());
            }
            if (result instanceof Placements.Committed) {
                DedupeKey.all(lead).forEach(key -> leads.releaseClaim(key, leadId));
                LOG.info("lead closed", "leadId", leadId, "outcome", outcome);
                if (lead.assignment != null) {
                    handOff.event(HandOffMessage.CLOSED, leadId, lead.assignment.repId(), lead.assignment.assignedAt(),
                            lead.updatedAt);
                }
                Metrics.leadClosed(outcome);
                if (holder != null && freedParkedSlot(leadId, holder)) {
                    parked.wake();
                }
                return new Done(lead);
            }
        }
        throw new IllegalStateException("lead " + leadId + " kept changing");
    }

    /** One read of the released rep instead of the wake-up's queries; when the read fails, wake as before. */
    private boolean freedParkedSlot(String leadId, String repId) {
        try {
            return ParkedLeads.mayFreeParkedSlot(reps.item(repId));
        } catch (RuntimeException e) {
            LOG.warn("could not read the released rep; waking parked leads", "leadId", leadId, "repId", repId,
                    "error", e.getMessage());
            return true;
        }
    }
}
