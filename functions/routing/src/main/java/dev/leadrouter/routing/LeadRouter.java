package dev.leadrouter.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import dev.leadrouter.store.TeamStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Places qualified and parked leads, and re-routes assignments whose SLA lapsed. Each placement is
 * one DynamoDB transaction — lead still as read, rep's capacity still as read, team turn state still
 * as read — so a lost race is simply decided again on fresh data, and no crash or redelivery can
 * count a lead twice or leak a reservation.
 */
public class LeadRouter {
    private static final Log LOG = Log.of(LeadRouter.class);
    private static final int MAX_ATTEMPTS = 50;

    private final LeadStore leads;
    private final RepStore reps;
    private final TeamStateStore teamStates;
    private final RoutingDecisions decisions;
    private final ParkedLeads parked;
    private final Queues queues;
    private final HandOffEvents handOff;
    private final Config config;
    private final Clock clock;

    public LeadRouter(LeadStore leads, RepStore reps, TeamStateStore teamStates, RoutingDecisions decisions,
                      ParkedLeads parked, Queues queues, HandOffEvents handOff, Config config, Clock clock) {
        this.leads = leads;
        this.reps = reps;
        this.teamStates = teamStates;
        this.decisions = decisions;
        this.parked = parked;
        this.queues = queues;
        this.handOff = handOff;
        this.config = config;
        this.clock = clock;
    }

    public void handle(String messageBody) {
        LeadMessage message = LeadMessage.parse(messageBody);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Lead lead = leads.get(message.leadId())
                    .orElseThrow(() -> new PermanentFailure("leadId", "unknown lead " + message.leadId()));
            Step step = switch (lead.status) {
                case QUALIFIED, UNASSIGNED -> LeadMessage.ROUTE.equals(message.type()) ? place(lead, null, null) : Step.DONE;
                case ASSIGNED -> assigned(lead, message);
                default -> Step.DONE;
            };
            if (step == Step.DONE) {
                return;
            }
            backOff(attempt);
        }
        throw new IllegalStateException("lead " + message.leadId() + " lost too many races; will be retried");
    }

    private enum Step { DONE, RETRY }

    private Step assigned(Lead lead, LeadMessage message) {
        Settings settings = decisions.rules().settings();
        if (!lead.assignment.assignedAt().equals(lead.outputSent)) {
            publish(lead, settings); // the first delivery stopped between commit and publish
        }
        if (LeadMessage.DECLINE.equals(message.type())) {
            boolean current = message.assignedAt().equals(lead.assignment.assignedAt())
                    && message.repId().equals(lead.assignment.repId());
            return current ? place(lead, lead.assignment, HandOffMessage.DECLINED) : Step.DONE;
        }
        if (!LeadMessage.SLA_CHECK.equals(message.type())
                || (message.assignedAt() != null && !message.assignedAt().equals(lead.assignment.assignedAt()))) {
            return Step.DONE;
        }
        Instant due = Instant.parse(lead.assignment.assignedAt()).plusSeconds(settings.slaSeconds());
        Instant now = clock.instant();
        if (now.isBefore(due)) {
            long wait = Duration.between(now, due).toSeconds() + 1;
            if (wait <= Queues.MAX_DELAY_SECONDS) {
                queues.sendDelayed(config.routingQueueUrl(), LeadMessage.slaCheck(lead.leadId,
                        lead.assignment.assignedAt()), (int) wait);
            }
            return Step.DONE; // further away than one delay hop: the sweep brings it back when due
        }
        return place(lead, lead.assignment, HandOffMessage.SLA_MISSED);
    }

    /**
     * Decides and writes one placement; {@code missed} is the assignment given up, if any, and {@code reason}
     * why: its SLA lapsed ({@code SLA_MISSED}) or its rep declined it ({@code DECLINED}). Either way that rep
     * is never offered the lead again and gets the capacity back in the same transaction.
     */
    private Step place(Lead lead, Assignment missed, String reason) {
        Instant now = clock.instant();
        if (missed != null && !lead.missedReps.contains(missed.repId())) {
            lead.missedReps.add(missed.repId());
        }
        RoutingDecisions.Decision decision = decisions.decide(lead, now);
        RoutingPlan plan = decision.plan();
        Settings settings = decision.ruleSet().settings();
        ObjectNode trace = lead.trace == null ? Json.object() : lead.trace;
        trace.set("routing", plan.trace());
        lead.trace = trace;
        lead.updatedAt = now.toString();

        if (Boolean.TRUE.equals(lead.test)) {
            // A platform's test lead: the decision is traced, but no rep's capacity is taken.
            lead.status = LeadStatus.CLOSED;
            lead.outcome = "OTHER";
            lead.dueAt = null;
            lead.addHistory(lead.updatedAt, "CLOSED", "test lead, not given to a rep; would have: " + plan.summary());
            return leads.put(lead) ? Step.DONE : Step.RETRY;
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(null); // the lead, written last once it is complete
        if (missed != null) {
            lead.addHistory(lead.updatedAt, reason, HandOffMessage.DECLINED.equals(reason)
                    ? "declined by " + missed.repId()
                    : "rep " + missed.repId() + " did not accept within " + settings.slaSeconds() + " s");
            writes.add(reps.release(missed.repId()));
        }
        if (plan.outcome() == RoutingPlan.Outcome.PARK) {
            if (lead.status == LeadStatus.UNASSIGNED && missed == null) {
                lead.dueAt = now.plusSeconds(settings.parkRetrySeconds()).toEpochMilli();
                writes.set(0, leads.putLead(lead));
                commit(writes, lead); // only the next retry time changes; a lost race needs no redo
                return Step.DONE;
            }
            lead.status = LeadStatus.UNASSIGNED;
            lead.assignment = null;
            lead.dueAt = now.plusSeconds(settings.parkRetrySeconds()).toEpochMilli();
            lead.addHistory(lead.updatedAt, "UNASSIGNED", "parked: " + plan.summary());
            writes.set(0, leads.putLead(lead));
            if (!commit(writes, lead)) {
                return Step.RETRY;
            }
            LOG.info("lead parked", "leadId", lead.leadId, "reason", plan.summary());
            Metrics.leadParked();
            if (missed != null) {
                givenUp(missed, reason, lead);
            }
            return Step.DONE;
        }

        RouteChoice choice = plan.route();
        lead.status = LeadStatus.ASSIGNED;
        lead.assignment = new Assignment(plan.rep().repId, plan.rep().email, choice.team(), choice.ruleId(),
                choice.strategy().name(), now.toString(), missed != null,
                missed == null ? null : missed.repId(), reason);
        // Due soon until the assignment message is out (publish moves it to the SLA): if every delivery of
        // this message fails between commit and publish, the sweep still announces the assignment.
        lead.dueAt = Math.min(now.plus(config.stuckAfter()).toEpochMilli(), slaDue(lead, settings));
        lead.addHistory(lead.updatedAt, missed == null ? "ASSIGNED" : "REASSIGNED", "to " + plan.rep().repId
                + " (team " + choice.team() + ", " + choice.ruleId() + ", " + choice.strategy() + ")");
        writes.set(0, leads.putLead(lead));
        writes.add(reps.reserve(plan.rep(), plan.capacityEnforced()));
        if (plan.newTeamState() != null) {
            writes.add(teamStates.put(plan.stateTeam(), plan.newTeamState().version() - 1, plan.newTeamState()));
        }
        if (!commit(writes, lead)) {
            return Step.RETRY;
        }
        LOG.info("lead assigned", "leadId", lead.leadId, "repId", plan.rep().repId, "team", choice.team(),
                "strategy", choice.strategy(), "reassignment", missed != null);
        Metrics.leadAssigned(lead);
        publish(lead, settings);
        if (settings.slaSeconds() <= Queues.MAX_DELAY_SECONDS) {
            queues.sendDelayed(config.routingQueueUrl(), LeadMessage.slaCheck(lead.leadId,
                    lead.assignment.assignedAt()), settings.slaSeconds() + 1);
        }
        if (missed != null) {
            givenUp(missed, reason, lead);
        }
        return Step.DONE;
    }

    /** After the commit that took {@code missed} from its rep: metrics, the lifecycle event, parked leads woken. */
    private void givenUp(Assignment missed, String reason, Lead lead) {
        if (HandOffMessage.SLA_MISSED.equals(reason)) {
            Metrics.slaMissed(missed.team());
        }
        handOff.event(reason, lead.leadId, missed.repId(), missed.assignedAt(), lead.updatedAt);
        parked.wake();
    }

    private boolean commit(List<TransactWriteItem> writes, Lead lead) {
        if (leads.transact(writes).committed()) {
            lead.version++;
            return true;
        }
        return false;
    }

    /**
     * When the sweep should look at an announced assignment. With a delayed SLA check on its way, the
     * sweep is only the backstop should that message go missing: were both due at once, two checks
     * would re-route the same assignment side by side.
     */
    private long slaDue(Lead lead, Settings settings) {
        Instant due = Instant.parse(lead.assignment.assignedAt()).plusSeconds(settings.slaSeconds());
        return (settings.slaSeconds() <= Queues.MAX_DELAY_SECONDS ? due.plus(config.stuckAfter()) : due).toEpochMilli();
    }

    /**
     * One message on the assignments queue per assignment (CONTRACT.md, "6. Output"), then marked as sent,
     * with the lead due again when its SLA is up.
     */
    private void publish(Lead lead, Settings settings) {
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
        queues.send(config.assignmentsQueueUrl(), message);
        handOff.assigned(lead.leadId, assignment.repId(), assignment.assignedAt(), assignment.previousRepId(),
                assignment.reason());
        markSent(lead, settings);
    }

    /**
     * Marks the assignment's messages as sent. A concurrent write (the hand-off recording its CRM write-back,
     * an accept) may have bumped the version meanwhile: the mark is then made on the fresh lead, as long as
     * it still holds this assignment.
     */
    private void markSent(Lead lead, Settings settings) {
        String assignedAt = lead.assignment.assignedAt();
        Lead current = lead;
        for (int attempt = 0; attempt < 5; attempt++) {
            current.outputSent = assignedAt;
            if (current.status == LeadStatus.ASSIGNED) {
                current.dueAt = slaDue(current, settings);
            }
            if (leads.put(current)) {
                return;
            }
            current = leads.get(lead.leadId).orElse(null);
            if (current == null || current.assignment == null || !assignedAt.equals(current.assignment.assignedAt())
                    || assignedAt.equals(current.outputSent)) {
                return;
            }
        }
        LOG.warn("assignment sent but its mark was lost to concurrent writes", "leadId", lead.leadId);
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
