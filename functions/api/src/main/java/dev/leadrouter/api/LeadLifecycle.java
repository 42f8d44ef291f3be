package dev.leadrouter.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.handoff.HandOffChannels;
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
import dev.leadrouter.routing.RepValidator;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

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
    private final Supplier<Settings> settings;
    private final Clock clock;

    /** {@code settings}: the org's settings as routing reads them (their default channels decide lifecycle events). */
    public LeadLifecycle(Leads leads, Placements placements, RepRoster reps, ParkedLeads parked, LeadRouter router,
                         HandOffEvents handOff, Supplier<Settings> settings, Clock clock) {
        this.leads = leads;
        this.placements = placements;
        this.reps = reps;
        this.parked = parked;
        this.router = router;
        this.handOff = handOff;
        this.settings = settings;
        this.clock = clock;
    }

    /** The rep accepts the lead they were assigned (one-click links call this too). */
    public Result accept(Lead asRead, String repId) {
        return accept(asRead, repId, repId);
    }

    /**
     * {@code repId} accepts the lead; {@code actor} did it (the rep, or ops on their behalf). {@code asRead} is
     * the lead as the caller just read it, as for {@link #close}.
     */
    public Result accept(Lead asRead, String repId, String actor) {
        String leadId = asRead.leadId;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Lead> found = attempt == 0 ? Optional.of(asRead) : leads.get(leadId);
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
     * lead is a conflict: it was closed before, perhaps with another outcome. Its uniqueness claims stay:
     * intake takes a claim over from a closed lead when the person comes back, which costs fewer requests
     * than deleting the claims at every close. {@code asRead} is the lead as the caller just read it (to tell
     * who may close it): the first attempt starts from it, and its commit is conditioned on that version, so a
     * copy gone stale only makes the next attempt read the lead.
     */
    public Result close(Lead asRead, String outcome, String actor) {
        String leadId = asRead.leadId;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Lead> found = attempt == 0 ? Optional.of(asRead) : leads.get(leadId);
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
                LOG.info("lead closed", "leadId", leadId, "outcome", outcome);
                Released released = holder == null ? Released.NOT_READ : released(leadId, holder);
                if (lead.assignment != null && released.mayReceiveEvents(settings)) {
                    handOff.event(HandOffMessage.CLOSED, leadId, lead.assignment.repId(), lead.assignment.assignedAt(),
                            lead.updatedAt);
                }
                Metrics.leadClosed(outcome);
                if (holder != null && released.mayFreeParkedSlot()) {
                    parked.wake();
                }
                return new Done(lead);
            }
        }
        throw new IllegalStateException("lead " + leadId + " kept changing");
    }

    /**
     * The released rep's item as the close left it ({@code item}, empty for no rep), when it could be read
     * ({@code read}): one read decides both the wake-up (instead of its queries) and whether the rep has a channel
     * for the CLOSED event. Not read, both go ahead as without it.
     */
    private record Released(boolean read, Optional<ObjectNode> item) {
        static final Released NOT_READ = new Released(false, Optional.empty());

        boolean mayFreeParkedSlot() {
            return !read || ParkedLeads.mayFreeParkedSlot(item);
        }

        /** A rep since removed has nobody left to tell; one whose item cannot be used, the notification function judges. */
        boolean mayReceiveEvents(Supplier<Settings> settings) {
            if (!read) {
                return true;
            }
            if (item.isEmpty()) {
                return false;
            }
            RepValidator.Checked<Rep> rep = RepValidator.rep(item.get());
            return !rep.usable() || HandOffChannels.anyChannelForEvents(rep.item(), settings.get());
        }
    }

    private Released released(String leadId, String repId) {
        try {
            return new Released(true, reps.item(repId));
        } catch (RuntimeException e) {
            LOG.warn("could not read the released rep; waking parked leads", "leadId", leadId, "repId", repId,
                    "error", e.getMessage());
            return Released.NOT_READ;
        }
    }
}
