package dev.leadrouter.api;

import dev.leadrouter.cleanse.DedupeKey;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** What happens to a lead after assignment: the assignee accepts or declines it, someone closes it. */
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

    private final LeadStore leads;
    private final RepStore reps;
    private final ParkedLeads parked;
    private final Queues queues;
    private final String routingQueueUrl;
    private final HandOffEvents handOff;
    private final Clock clock;

    public LeadLifecycle(LeadStore leads, RepStore reps, ParkedLeads parked, Queues queues, String routingQueueUrl,
                         HandOffEvents handOff, Clock clock) {
        this.leads = leads;
        this.reps = reps;
        this.parked = parked;
        this.queues = queues;
        this.routingQueueUrl = routingQueueUrl;
        this.handOff = handOff;
        this.clock = clock;
    }

    public Result accept(String leadId, String repId) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Lead> found = leads.get(leadId);
            if (found.isEmpty()) {
                return new NotFound();
            }
            Lead lead = found.get();
            boolean assignee = lead.assignment != null && repId.equals(lead.assignment.repId());
            if (lead.status == LeadStatus.ACCEPTED && assignee) {
                return new Done(lead);
            }
            if (lead.status != LeadStatus.ASSIGNED || !assignee) {
                return new Conflict(lead.status == LeadStatus.ASSIGNED || lead.status == LeadStatus.ACCEPTED
                        ? "rep " + repId + " is not the assignee of this lead"
                        : "lead is " + lead.status + ", not assigned to rep " + repId);
            }
            lead.status = LeadStatus.ACCEPTED;
            lead.updatedAt = clock.instant().toString();
            lead.dueAt = null; // accepted: the SLA clock stops
            lead.addHistory(lead.updatedAt, "ACCEPTED", "by " + repId);
            if (leads.put(lead)) {
                LOG.info("lead accepted", "leadId", leadId, "repId", repId);
                handOff.event(HandOffMessage.ACCEPTED, leadId, repId, lead.assignment.assignedAt(), lead.updatedAt);
                return new Done(lead);
            }
        }
        throw new IllegalStateException("lead " + leadId + " kept changing");
    }

    /**
     * The assignee gives the lead back: it is re-routed now, through the same path as an SLA re-route (the
     * router frees the rep's capacity in the transaction that moves the lead, so exactly once, and never
     * offers it to this rep again). A repeated decline of the same assignment re-routes nothing twice.
     */
    public Result decline(String leadId, String repId) {
        Optional<Lead> found = leads.get(leadId);
        if (found.isEmpty()) {
            return new NotFound();
        }
        Lead lead = found.get();
        boolean assignee = lead.assignment != null && repId.equals(lead.assignment.repId());
        if (lead.status != LeadStatus.ASSIGNED || !assignee) {
            return new Conflict(lead.status == LeadStatus.ASSIGNED || lead.status == LeadStatus.ACCEPTED
                    ? "rep " + repId + " is not the assignee of this lead"
                    : "lead is " + lead.status + ", not assigned to rep " + repId);
        }
        queues.send(routingQueueUrl, LeadMessage.decline(leadId, lead.assignment.assignedAt(), repId));
        LOG.info("lead declined", "leadId", leadId, "repId", repId);
        return new Done(lead);
    }

    /** Closes the lead; the rep's capacity comes back in the same transaction, so exactly once. */
    public Result close(String leadId, String outcome) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Lead> found = leads.get(leadId);
            if (found.isEmpty()) {
                return new NotFound();
            }
            Lead lead = found.get();
            if (lead.status == LeadStatus.CLOSED) {
                return new Done(lead);
            }
            String holder = lead.status.holdsCapacity() ? lead.assignment.repId() : null;
            lead.status = LeadStatus.CLOSED;
            lead.outcome = outcome;
            lead.updatedAt = clock.instant().toString();
            lead.dueAt = null;
            lead.addHistory(lead.updatedAt, "CLOSED", outcome + (holder == null ? "" : ", frees " + holder));
            List<TransactWriteItem> writes = new ArrayList<>(List.of(leads.putLead(lead)));
            if (holder != null) {
                writes.add(reps.release(holder));
            }
            LeadStore.TransactionResult result = leads.transact(writes);
            if (!result.committed() && result.failedIndex() == 1) {
                // The rep was deleted or shows no open leads: close anyway rather than keep the lead open.
                LOG.warn("rep had no capacity to give back", "leadId", leadId, "repId", holder);
                result = leads.transact(List.of(writes.get(0)));
            }
            if (result.committed()) {
                lead.version++;
                DedupeKey.all(lead).forEach(key -> leads.release(key, leadId));
                LOG.info("lead closed", "leadId", leadId, "outcome", outcome);
                if (lead.assignment != null) {
                    handOff.event(HandOffMessage.CLOSED, leadId, lead.assignment.repId(), lead.assignment.assignedAt(),
                            lead.updatedAt);
                }
                Metrics.leadClosed(outcome);
                if (holder != null) {
                    parked.wake();
                }
                return new Done(lead);
            }
        }
        throw new IllegalStateException("lead " + leadId + " kept changing");
    }
}
