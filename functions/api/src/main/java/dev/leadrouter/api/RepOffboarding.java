package dev.leadrouter.api;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.log.Log;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.routing.LeadRouter;
import dev.leadrouter.routing.RoutingPlan;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.RepRoster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /reps/{repId}/offboard}: the rep is made inactive, then every lead they hold is taken back
 * and placed again by the normal rules (or parked), each in one transaction with the release of the
 * rep's capacity. Deactivating first means no router can give the rep a lead afterwards (taking
 * capacity re-checks {@code active} at commit); the rep's own {@code openLeads} then tells whether a
 * lead the index did not show yet is still out, so the leads are looked up again until it is zero.
 * Running it again finds nothing left to move.
 */
public class RepOffboarding {
    private static final Log LOG = Log.of(RepOffboarding.class);
    private static final int MAX_ROUNDS = 5;

    private final Leads leads;
    private final RepRoster reps;
    private final LeadRouter router;
    private final RoutingDecisions decisions;
    private final Clock clock;

    public RepOffboarding(Leads leads, RepRoster reps, LeadRouter router, RoutingDecisions decisions, Clock clock) {
        this.leads = leads;
        this.reps = reps;
        this.router = router;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** Where one lead went (or would go): the new assignee, or parked (repId null). */
    public record Move(String leadId, String status, String repId, String detail) {
    }

    /** The answer; empty when there is no such rep. {@code openLeads}: what the rep still holds afterwards. */
    public record Result(String repId, boolean dryRun, List<Move> leads, int openLeads) {
    }

    public Optional<Result> offboard(String repId, boolean dryRun, String actor) {
        if (reps.get(repId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(dryRun ? plan(repId) : run(repId, actor));
    }

    /** What would happen to each held lead now, with the rep left out; nothing is written. */
    private Result plan(String repId) {
        List<Move> moves = new ArrayList<>();
        for (String leadId : leads.heldBy(repId)) {
            Optional<Lead> found = leads.get(leadId).filter(lead -> heldBy(lead, repId));
            if (found.isEmpty()) {
                continue;
            }
            Lead lead = found.get();
            lead.missedReps.add(repId);
            RoutingPlan plan = decisions.decide(lead, clock.instant()).plan();
            moves.add(plan.assigned() ? new Move(leadId, LeadStatus.ASSIGNED.name(), plan.rep().repId, plan.summary())
                    : new Move(leadId, LeadStatus.UNASSIGNED.name(), null, plan.summary()));
        }
        return new Result(repId, true, moves, reps.get(repId).map(rep -> rep.openLeads).orElse(0));
    }

    private Result run(String repId, String actor) {
        reps.deactivate(repId);
        Map<String, Move> moves = new LinkedHashMap<>();
        int open = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            for (String leadId : leads.heldBy(repId)) {
                if (router.takeBack(leadId, repId, LeadRouter.Handover.OFFBOARDED, actor, null)
                        instanceof LeadRouter.Moved moved) {
                    Lead lead = moved.lead();
                    moves.put(leadId, new Move(leadId, lead.status.name(),
                            lead.assignment == null ? null : lead.assignment.repId(), lead.history.getLast().detail()));
                }
            }
            open = reps.get(repId).map(rep -> rep.openLeads).orElse(0);
            if (open == 0) {
                break;
            }
            pause(); // a lead assigned just before the rep went inactive may not be in the index yet
        }
        LOG.info("rep offboarded", "repId", repId, "moved", moves.size(), "openLeads", open);
        return new Result(repId, false, List.copyOf(moves.values()), open);
    }

    private static boolean heldBy(Lead lead, String repId) {
        return lead.status.holdsCapacity() && lead.assignment != null && repId.equals(lead.assignment.repId());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
