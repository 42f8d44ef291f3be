package dev.leadrouter.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.lifecycle.LeadTransitions;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Placement;
import dev.leadrouter.port.Placements;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.queue.LeadMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Places qualified and parked leads, and re-routes assignments whose SLA lapsed. Each placement is
 * one atomic {@link Placement} commit — lead still as read, rep still as read (capacity, load, its turns in the
 * team's rotation and every other attribute the decision used, which may come from a cache) — so a lost
 * race is simply decided again on fresher data, and no crash or redelivery can
 * count a lead twice or leak a reservation. A lead taken from its rep (SLA missed, declined, reassigned,
 * offboarded) goes the same way: the release of that rep's capacity is part of the same transaction.
 */
public class LeadRouter {
    private static final Log LOG = Log.of(LeadRouter.class);
    private static final int MAX_ATTEMPTS = 50;
    /**
     * The longest any handling that assigns a lead runs: the timeout of the routing and API functions
     * ({@code TemplatePolicyTest} checks it). Until then, an assignment not yet marked sent may still be announced
     * by the handling that made it.
     */
    public static final Duration LONGEST_HANDLING = Duration.ofSeconds(15);
    /** The strategy an assignment names when ops chose the rep. */
    private static final String CHOSEN_BY_OPS = "CHOSEN_BY_OPS";

    private final Leads leads;
    private final RepRoster reps;
    private final Placements placements;
    private final RoutingDecisions decisions;
    private final ParkedLeads parked;
    private final Publisher publisher;
    private final HandOffEvents handOff;
    private final Config config;
    private final Clock clock;

    public LeadRouter(Leads leads, RepRoster reps, Placements placements, RoutingDecisions decisions,
                      ParkedLeads parked, Publisher publisher, HandOffEvents handOff, Config config, Clock clock) {
        this.leads = leads;
        this.reps = reps;
        this.placements = placements;
        this.decisions = decisions;
        this.parked = parked;
        this.publisher = publisher;
        this.handOff = handOff;
        this.config = config;
        this.clock = clock;
    }

    /** Why a held lead leaves its rep; the re-routed assignment names it (CONTRACT.md, "6. Output"). */
    public enum Handover { SLA_MISSED, DECLINED, REASSIGNED, OFFBOARDED }

    /** A held lead taken from {@code from}: why, by whom (null: the system), to whom (null: by the rules). */
    private record Taking(Assignment from, Handover reason, String actor, StoredRep to) {
    }

    /** What {@link #takeBack} did. */
    public sealed interface TakeBack {
    }

    /** Placed again: the lead as written, ASSIGNED to another rep or parked (UNASSIGNED). */
    public record Moved(Lead lead) implements TakeBack {
    }

    public record NoSuchLead() implements TakeBack {
    }

    /** The lead is not (any more) held by the rep it was to be taken from. */
    public record NotHeld(Lead lead) implements TakeBack {
    }

    /** The named rep cannot take the lead now. */
    public record Refused(String reason) implements TakeBack {
    }

    /**
     * Takes the lead from the rep holding it ({@code fromRepId}; null: whoever does) and places it again
     * now: with {@code toRepId} to that rep if eligible, else by the normal rules, never back to a rep it
     * left. The holder's capacity comes back in the placement's transaction, so exactly once.
     */
    public TakeBack takeBack(String leadId, String fromRepId, Handover reason, String actor, String toRepId) {
        Lead unchanged = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Lead> found = unchanged != null ? Optional.of(unchanged) : leads.get(leadId);
            if (found.isEmpty()) {
                return new NoSuchLead();
            }
            Lead lead = found.get();
            // An accepted lead is the rep's own: only ops take it away (reassign, offboard), never a decline.
            boolean held = reason == Handover.DECLINED ? lead.status == LeadStatus.ASSIGNED : lead.status.holdsCapacity();
            if (!held || lead.assignment == null
                    || (fromRepId != null && !fromRepId.equals(lead.assignment.repId()))) {
                return new NotHeld(lead);
            }
            StoredRep to = null;
            if (toRepId != null) {
                if (toRepId.equals(lead.assignment.repId())) {
                    return new Refused("rep " + toRepId + " already holds this lead");
                }
                Optional<StoredRep> named = reps.read(toRepId);
                if (named.isEmpty()) {
                    return new Refused("no rep " + toRepId);
                }
                Optional<String> why = Eligibility.ineligibility(named.get().rep(), null, List.of(), clock.instant(),
                        Set.of(), true);
                if (why.isPresent()) {
                    return new Refused("rep " + toRepId + " cannot take a lead now: " + why.get());
                }
                to = named.get();
            }
            Step step = place(lead, new Taking(lead.assignment, reason, actor, to));
            if (step.done()) {
                return new Moved(lead);
            }
            unchanged = step.unchanged();
            backOff(attempt);
        }
        throw new IllegalStateException("lead " + leadId + " lost too many races; try again");
    }

    /**
     * Before the messages of one batch are handled: the accounts of the leads they carry are read in one
     * request instead of one per lead. A message that cannot be read is left to {@link #handle} to report.
     */
    public void prepare(List<String> messageBodies) {
        List<Lead> carried = new ArrayList<>();
        for (String body : messageBodies) {
            try {
                LeadMessage message = LeadMessage.parse(body);
                if (LeadMessage.ROUTE.equals(message.type())) {
                    message.carried().ifPresent(carried::add);
                }
            } catch (RuntimeException unreadable) {
                // handle() dead-letters it with the reason
            }
        }
        try {
            decisions.readAccountsOf(carried);
        } catch (RuntimeException e) {
            LOG.warn("accounts of the batch not read ahead; each decision reads its own", "error", e.toString());
        }
    }

    /**
     * One routing message; {@code redelivered}: SQS delivered it before, so a handling of it may have ended
     * between its commit and its sends.
     */
    public void handle(String messageBody, boolean redelivered) {
        LeadMessage message = LeadMessage.parse(messageBody);
        // The qualified lead qualification sent saves the read, and is stored by the placement itself: that is
        // one transaction conditioned on its version, so a stale copy only loses that transaction, and the next
        // attempt reads the lead.
        Optional<Lead> carried = message.carried()
                .filter(lead -> lead.status == LeadStatus.QUALIFIED && LeadMessage.ROUTE.equals(message.type()));
        Lead unchanged = null;
        Set<String> published = new HashSet<>(); // the assignments announced by this handling
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lead lead = unchanged != null ? unchanged : attempt == 0 && carried.isPresent() ? carried.get()
                    : leads.get(message.leadId())
                    .orElseThrow(() -> new PermanentFailure("leadId", "unknown lead " + message.leadId()));
            Step step = switch (lead.status) {
                case RECEIVED -> LeadMessage.ROUTE.equals(message.type()) ? qualifyAgain(lead) : Step.DONE;
                case QUALIFIED, UNASSIGNED -> LeadMessage.ROUTE.equals(message.type()) ? place(lead, null) : Step.DONE;
                case ASSIGNED -> assigned(lead, message, redelivered, published);
                default -> Step.DONE;
            };
            if (step.done()) {
                return;
            }
            unchanged = step.unchanged();
            backOff(attempt);
        }
        throw new IllegalStateException("lead " + message.leadId() + " lost too many races; will be retried");
    }

    /**
     * A lead qualification sent on unwritten, found RECEIVED when read: it changed after it was scored (a duplicate's
     * touchpoint, say), so the placement of the scored copy lost. Qualification scores it again as it now is.
     */
    private Step qualifyAgain(Lead lead) {
        LOG.info("lead changed before its placement; back to qualification", "leadId", lead.leadId);
        publisher.qualify(LeadMessage.qualify(lead));
        return Step.DONE;
    }

    /**
     * What one attempt came to: done, or to be tried again — on {@code unchanged}, the lead as that attempt
     * found it, when only the rep stood in the way (the lead's own condition held, so reading it again would
     * find the same), else (null) on the lead read anew.
     */
    private record Step(boolean done, Lead unchanged) {
        static final Step DONE = new Step(true, null);
        static final Step READ_AGAIN = new Step(false, null);
    }

    /**
     * An ASSIGNED lead's message. {@code published} holds the assignments this handling announced already: their
     * mark may wait for the batch's sends ({@link Publisher#afterSent}), so a lead read again after a lost race
     * may not show it yet, and must not be announced twice.
     */
    private Step assigned(Lead lead, LeadMessage message, boolean redelivered, Set<String> published) {
        Settings settings = decisions.rules().settings();
        if (!lead.assignment.assignedAt().equals(lead.outputSent) && announcerEnded(lead.assignment, redelivered)
                && published.add(lead.assignment.assignedAt())) {
            publish(lead, settings, null); // the handling that made it stopped between commit and publish
        }
        if (LeadMessage.DECLINE.equals(message.type())) {
            boolean current = message.assignedAt().equals(lead.assignment.assignedAt())
                    && message.repId().equals(lead.assignment.repId());
            return current ? place(lead, new Taking(lead.assignment, Handover.DECLINED, message.repId(), null)) : Step.DONE;
        }
        if (!LeadMessage.SLA_CHECK.equals(message.type())
                || (message.assignedAt() != null && !message.assignedAt().equals(lead.assignment.assignedAt()))) {
            return Step.DONE;
        }
        Instant due = Instant.parse(lead.assignment.assignedAt()).plusSeconds(settings.slaSeconds());
        Instant now = clock.instant();
        if (now.isBefore(due)) {
            long wait = Duration.between(now, due).toSeconds() + 1;
            if (wait <= Publisher.MAX_DELAY_SECONDS) {
                publisher.slaCheck(lead.leadId, lead.assignment.assignedAt(), (int) wait);
            }
            return Step.DONE; // further away than one delay hop: the sweep brings it back when due
        }
        return place(lead, new Taking(lead.assignment, Handover.SLA_MISSED, null, null));
    }

    /**
     * Whether the handling that made an unmarked assignment can no longer announce it. A handling that fails
     * before its sends are out leaves its message to be delivered again, so a redelivery announces; so does
     * any message once that handling must have timed out. A first delivery within that time (a wake-up and
     * the sweep's re-drive of one parked lead at once) leaves it to the handling still running.
     */
    private boolean announcerEnded(Assignment assignment, boolean redelivered) {
        return redelivered || !clock.instant().isBefore(Instant.parse(assignment.assignedAt()).plus(LONGEST_HANDLING));
    }

    /** Decides and writes one placement; {@code taking} says whose lead it was and why it moves, if it was held. */
    private Step place(Lead lead, Taking taking) {
        Lead asFound = copy(lead); // the transitions below change the lead itself
        Instant now = clock.instant();
        Assignment missed = taking == null ? null : taking.from();
        if (missed != null && !lead.missedReps.contains(missed.repId())) {
            lead.missedReps.add(missed.repId());
        }
        RoutingPlan plan;
        Settings settings;
        Map<String, StoredRep> repsRead;
        if (taking != null && taking.to() != null) {
            plan = chosenBy(taking, now);
            settings = decisions.rules().settings();
            repsRead = Map.of(taking.to().repId(), taking.to());
        } else {
            RoutingDecisions.Decision decision = decisions.decide(lead, now);
            plan = decision.plan();
            settings = decision.ruleSet().settings();
            repsRead = decision.reps();
        }
        ObjectNode trace = lead.trace == null ? Json.object() : lead.trace;
        trace.set("routing", plan.trace());
        lead.trace = trace;
        lead.updatedAt = now.toString();

        if (Boolean.TRUE.equals(lead.test)) {
            // A platform's test lead: the decision is traced, but no rep's capacity is taken.
            LeadTransitions.close(lead, "OTHER", "test lead, not given to a rep; would have: " + plan.summary(), null,
                    now);
            return leads.saveIfVersion(lead) ? Step.DONE : Step.READ_AGAIN;
        }
        String release = missed == null ? null : missed.repId();
        if (missed != null && LeadTransitions.takeFrom(lead, taking.reason().name(), handoverDetail(taking, settings),
                taking.actor(), now) instanceof LeadTransitions.Rejected) {
            return Step.DONE; // held by nobody any more: nothing to take back
        }
        if (plan.outcome() == RoutingPlan.Outcome.PARK) {
            Instant retryAt = now.plusSeconds(settings.parkRetrySeconds());
            if (LeadTransitions.park(lead, plan.summary(), now, retryAt) instanceof LeadTransitions.Unchanged) {
                commit(Placement.leadOnly(lead), missed, repsRead, asFound); // only the next retry time changes: no redo
                return Step.DONE;
            }
            Step committed = commit(new Placement(lead, release, null), missed, repsRead, asFound);
            if (!committed.done()) {
                return committed;
            }
            LOG.info("lead parked", "leadId", lead.leadId, "reason", plan.summary());
            Metrics.leadParked();
            if (missed != null) {
                handedOver(taking, lead);
            }
            return Step.DONE;
        }

        RouteChoice choice = plan.route();
        Assignment assignment = new Assignment(plan.rep().repId, plan.rep().email, choice.team(), choice.ruleId(),
                choice.strategy() == null ? CHOSEN_BY_OPS : choice.strategy().name(), now.toString(), missed != null,
                missed == null ? null : missed.repId(), missed == null ? null : taking.reason().name());
        // Due soon until the assignment message is out (publish moves it to the SLA): if every delivery of
        // this message fails between commit and publish, the sweep still announces the assignment.
        Instant due = Instant.ofEpochMilli(Math.min(now.plus(config.stuckAfter()).toEpochMilli(),
                slaDue(assignment.assignedAt(), settings)));
        if (LeadTransitions.assign(lead, assignment, now, due) instanceof LeadTransitions.Rejected) {
            return Step.DONE; // moved on meanwhile (closed, accepted): not ours to place
        }
        StoredRep chosen = repsRead.get(plan.rep().repId);
        Step committed = commit(new Placement(lead, release,
                new Placement.Reservation(chosen, plan.capacityEnforced(), plan.turn())), missed, repsRead, asFound);
        if (!committed.done()) {
            return committed;
        }
        LOG.info("lead assigned", "leadId", lead.leadId, "repId", plan.rep().repId, "team", choice.team(),
                "strategy", lead.assignment.strategy(), "reassignment", missed != null);
        Metrics.leadAssigned(lead);
        publish(lead, settings, plan.rep());
        if (settings.slaSeconds() <= Publisher.MAX_DELAY_SECONDS) {
            publisher.slaCheck(lead.leadId, lead.assignment.assignedAt(), settings.slaSeconds() + 1);
        }
        if (missed != null) {
            handedOver(taking, lead);
        }
        return Step.DONE;
    }

    /** The plan for a rep ops named: the team is the rep's first, capacity counts as for any assignment. */
    private static RoutingPlan chosenBy(Taking taking, Instant now) {
        Rep rep = taking.to().rep();
        String team = rep.teams == null || rep.teams.isEmpty() ? taking.from().team() : rep.teams.get(0);
        ObjectNode trace = Json.object();
        trace.put("chosenBy", taking.actor());
        trace.put("rep", rep.repId);
        trace.put("at", now.toString());
        return new RoutingPlan(RoutingPlan.Outcome.ASSIGN, rep, new RouteChoice("reassign", team, null, List.of()),
                true, null, "to " + rep.repId + " chosen by " + taking.actor(), trace);
    }

    private static String handoverDetail(Taking taking, Settings settings) {
        String rep = taking.from().repId();
        return switch (taking.reason()) {
            case SLA_MISSED -> "rep " + rep + " did not accept within " + settings.slaSeconds() + " s";
            case DECLINED -> "declined by " + rep;
            case REASSIGNED -> "taken from rep " + rep + (taking.to() == null ? ", re-routed" : " for " + taking.to().repId());
            case OFFBOARDED -> "rep " + rep + " offboarded";
        };
    }

    /** After the commit that took the lead from its holder: metrics, the lifecycle event, parked leads woken. */
    private void handedOver(Taking taking, Lead lead) {
        if (taking.reason() == Handover.SLA_MISSED) {
            Metrics.slaMissed(taking.from().team());
        }
        // The rep who gave the lead up hears of a missed SLA or their decline; a lead ops moved is announced
        // to its new rep as REASSIGNED, and there is no lifecycle event of the rep it left.
        if (taking.reason() == Handover.SLA_MISSED || taking.reason() == Handover.DECLINED) {
            handOff.event(taking.reason().name(), lead.leadId, taking.from().repId(), taking.from().assignedAt(),
                    lead.updatedAt);
        }
        parked.wake();
    }

    /**
     * Commits a placement; anything but a commit (a lost race, a release with nothing to give back) is decided
     * again on fresher data. The reps kept for decisions learn the outcome: what our commit wrote, or the
     * reserved rep as the lost race found it (read again when the commit was cancelled by contention instead).
     * When only the reserved rep was in the way, the lead is decided again as it was found ({@code asFound}):
     * should it have changed after all (a contended commit says nothing of it), its version fails the next commit.
     */
    private Step commit(Placement placement, Assignment missed, Map<String, StoredRep> repsRead, Lead asFound) {
        Placements.Commit result = placements.commit(placement);
        Placement.Reservation reserve = placement.reserve();
        switch (result) {
            case Placements.Committed committed -> {
                if (reserve != null) {
                    decisions.moved(reserve.rep(), 1, reserve.turn());
                }
                if (missed != null && repsRead.containsKey(missed.repId())) {
                    decisions.moved(repsRead.get(missed.repId()), -1, null);
                }
                return Step.DONE;
            }
            case Placements.RepChanged changed -> {
                decisions.repChanged(reserve.rep().repId(), changed.now());
                return new Step(false, asFound);
            }
            case Placements.Contended contended -> {
                if (reserve != null) {
                    decisions.readAgain(reserve.rep().repId());
                }
                return new Step(false, asFound);
            }
            case Placements.LostRace lost -> {
                return Step.READ_AGAIN;
            }
            case Placements.NothingToRelease nothing -> {
                return Step.READ_AGAIN;
            }
        }
    }

    /** A deep copy of the lead, through its stored form. */
    private static Lead copy(Lead lead) {
        return Json.convert(Json.tree(lead), Lead.class);
    }

    /**
     * When the sweep should look at an announced assignment. With a delayed SLA check on its way, the
     * sweep is only the backstop should that message go missing: were both due at once, two checks
     * would re-route the same assignment side by side.
     */
    private long slaDue(String assignedAt, Settings settings) {
        Instant due = Instant.parse(assignedAt).plusSeconds(settings.slaSeconds());
        return (settings.slaSeconds() <= Publisher.MAX_DELAY_SECONDS ? due.plus(config.stuckAfter()) : due).toEpochMilli();
    }

    /**
     * One message on the assignments queue per assignment (CONTRACT.md, "6. Output"), then, once it and the
     * hand-off message (when there is anything to hand off to {@code rep}, the assignee as the decision read it;
     * null when not at hand) were accepted, marked as sent, with the lead due again when its SLA is up. A mark
     * written before would leave a lost send never redone; without it, the next delivery announces the assignment
     * again.
     */
    private void publish(Lead lead, Settings settings, Rep rep) {
        Assignment assignment = lead.assignment;
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("leadId", lead.leadId);
        message.put("repId", assignment.repId());
        message.put("repEmail", assignment.repEmail());
        message.put("team", assignment.team());
        message.put("ruleId", assignment.ruleId());
        message.put("strategy", assignment.strategy());
        message.put("assignedAt", assignment.assignedAt());
        message.put("reassignment", assignment.reassignment());
        if (assignment.previousRepId() != null) {
            message.put("previousRepId", assignment.previousRepId());
            message.put("reason", assignment.reason());
        }
        message.put("lead", lead.contactSummary());
        publisher.assignment(message);
        handOff.assigned(lead, rep, settings);
        // One update that a concurrent write (the hand-off recording its CRM write-back, an accept) cannot make
        // fail, as long as the lead still holds this assignment; its values taken now, since the lead may have
        // moved on (a decline placed in the same handling) by the time the sends are out.
        String assignedAt = assignment.assignedAt();
        long dueAt = slaDue(assignedAt, settings);
        publisher.afterSent(() -> leads.markSent(lead, assignedAt, dueAt));
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(attempt, 10) * 5L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
