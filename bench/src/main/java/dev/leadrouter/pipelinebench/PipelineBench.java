package dev.leadrouter.pipelinebench;

import dev.leadrouter.domain.HistoryEntry;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Drives a running stack with generated leads and measures what came of them, from the leads table:
 * speed-to-lead from each lead's history, throughput, and the counters that must stay zero.
 */
final class PipelineBench {
    /** Statuses a benchmark lead rests in once the pipeline is done with it (parked leads included). */
    private static final Set<LeadStatus> SETTLED = Set.of(LeadStatus.ASSIGNED, LeadStatus.ACCEPTED, LeadStatus.CLOSED,
            LeadStatus.NURTURE, LeadStatus.DISQUALIFIED, LeadStatus.UNASSIGNED);
    private static final List<String> READ = List.of("status", "receivedAt", "history", "assignment");
    /** How often the bench counts unsettled leads: seldom, as its queries load the same emulator the pipeline uses. */
    private static final Duration POLL = Duration.ofSeconds(1);

    record Phase(String name, int leads, double rate, int concurrency) {
    }

    /** What one phase measured. Times in ms; rates in leads per second. */
    record PhaseFigures(Phase phase, double sentRate, double achievedRate, int accepted, int notAccepted,
                        int waitedForSlot, Map<LeadStatus, Integer> outcomes, Distribution speedToLead,
                        Distribution serverSpeedToLead, Distribution intakeLatency, int lost, int assignedTwice,
                        boolean settledInTime, double loadAverage) {
    }

    /** Whole-run checks: reps' counters against their leads, assignment messages against assignments. */
    record StoreChecks(int capacityViolations, long assignmentMessages, long assignments) {
        long assignmentMessageMismatch() {
            return Math.abs(assignmentMessages - assignments);
        }
    }

    private final LocalStack stack;
    private final BenchOrg org;
    private final LoadDriver driver;
    private final LeadStore leads;
    private int nextLead;
    private long consumedAssignmentMessages;
    private String assignedLeadId;

    PipelineBench(LocalStack stack, BenchOrg org, LoadDriver driver) {
        this.stack = stack;
        this.org = org;
        this.driver = driver;
        this.leads = new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
    }

    /** What a phase measured and the posts it made. */
    record Run(PhaseFigures figures, List<LoadDriver.Submission> sent) {
    }

    /** Runs one open-loop phase and waits (up to a deadline) until every accepted lead has settled. */
    PhaseFigures run(Phase phase) {
        return run(phase, org::leadBody).figures();
    }

    /** {@link #run(Phase)} with lead bodies made by {@code body} from each lead's number. */
    Run run(Phase phase, IntFunction<String> body) {
        int first = nextLead;
        nextLead += phase.leads();
        List<LoadDriver.Submission> sent = driver.drive(body, first, phase.leads(), phase.rate(), phase.concurrency());
        boolean settled = awaitSettled(Duration.ofSeconds(60).plusMillis(50L * phase.leads()));
        return new Run(figures(phase, sent, settled), sent);
    }

    /**
     * Posts routed leads one at a time, each once the previous one is assigned (woken by its
     * assignments message), so that each lead's time is its full cost with nothing queued before it.
     */
    PhaseFigures runOneByOne(int count) {
        List<LoadDriver.Submission> sent = new ArrayList<>();
        Instant started = Instant.now();
        while (sent.size() < count) {
            int n = nextLead++;
            if (!org.routes(n)) {
                continue;
            }
            LoadDriver.Submission submission = driver.postAndWait(n, org.leadBody(n));
            sent.add(submission);
            if (submission.accepted()) {
                awaitAssignmentMessage(submission.leadId(), Instant.now().plusSeconds(30));
                assignedLeadId = submission.leadId();
            }
        }
        double seconds = Duration.between(started, Instant.now()).toNanos() / 1e9;
        boolean settled = awaitSettled(Duration.ofSeconds(30));
        return figures(new Phase("one by one", count, count / seconds, 1), sent, settled);
    }

    /** A lead the one-by-one phase saw assigned, as stored: the item the floor writes copies of. */
    Map<String, AttributeValue> assignedLeadItem() {
        return leads.getItem(assignedLeadId).orElseThrow(() -> new IllegalStateException("no lead was assigned"));
    }

    private void awaitAssignmentMessage(String leadId, Instant deadline) {
        String queue = stack.config().assignmentsQueueUrl();
        while (Instant.now().isBefore(deadline)) {
            List<Message> messages = stack.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(5)).messages();
            boolean found = false;
            for (Message message : messages) {
                stack.sqs().deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
                consumedAssignmentMessages++;
                found |= leadId.equals(Json.parse(message.body()).path("leadId").asText());
            }
            if (found) {
                return;
            }
        }
    }

    /** Waits until no lead is RECEIVED or QUALIFIED (read from the status index, which counts cheaply). */
    boolean awaitSettled(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (pending() > 0) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            sleep(POLL);
        }
        return true;
    }

    private long pending() {
        return count(LeadStatus.RECEIVED) + count(LeadStatus.QUALIFIED);
    }

    private long count(LeadStatus status) {
        long count = 0;
        for (int shard = 0; shard < LeadStore.STATUS_SHARDS; shard++) {
            QueryRequest request = QueryRequest.builder().tableName(leads.table())
                    .indexName(LeadStore.STATUS_INDEX).select(Select.COUNT)
                    .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", LeadStore.STATUS_SHARD))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(LeadStore.statusShard(status, shard))))
                    .build();
            for (QueryResponse page : stack.dynamoDb().queryPaginator(request)) {
                count += page.count();
            }
        }
        return count;
    }

    private PhaseFigures figures(Phase phase, List<LoadDriver.Submission> sent, boolean settled) {
        Map<String, Lead> stored = leads.scanLeads(READ).stream()
                .collect(Collectors.toMap(lead -> lead.leadId, Function.identity()));
        List<Double> speed = new ArrayList<>();
        List<Double> serverSpeed = new ArrayList<>();
        List<Double> intake = new ArrayList<>();
        Map<LeadStatus, Integer> outcomes = new EnumMap<>(LeadStatus.class);
        int accepted = 0;
        int lost = 0;
        int assignedTwice = 0;
        int waited = 0;
        Instant firstSent = null;
        Instant lastSent = null;
        Instant lastSettled = null;
        for (LoadDriver.Submission submission : sent) {
            intake.add(submission.latencyMillis());
            waited += submission.waitedForSlot() ? 1 : 0;
            firstSent = firstSent == null || submission.sentAt().isBefore(firstSent) ? submission.sentAt() : firstSent;
            lastSent = lastSent == null || submission.sentAt().isAfter(lastSent) ? submission.sentAt() : lastSent;
            if (!submission.accepted()) {
                continue;
            }
            accepted++;
            Lead lead = stored.get(submission.leadId());
            if (lead == null || lead.status == null || !SETTLED.contains(lead.status)) {
                lost++;
                continue;
            }
            outcomes.merge(lead.status, 1, Integer::sum);
            long assignedEntries = lead.history.stream().filter(e -> "ASSIGNED".equals(e.event())).count();
            assignedTwice += assignedEntries > 1 ? 1 : 0;
            lead.firstAssignedAt().ifPresent(at -> {
                speed.add(Duration.between(submission.sentAt(), at).toNanos() / 1e6);
                serverSpeed.add(Duration.between(Instant.parse(lead.receivedAt), at).toNanos() / 1e6);
            });
            Instant settledAt = settledAt(lead);
            lastSettled = lastSettled == null || settledAt.isAfter(lastSettled) ? settledAt : lastSettled;
        }
        double sendSeconds = firstSent == null ? 0 : Duration.between(firstSent, lastSent).toNanos() / 1e9;
        double runSeconds = lastSettled == null ? 0 : Duration.between(firstSent, lastSettled).toNanos() / 1e9;
        int settledCount = accepted - lost;
        return new PhaseFigures(phase, sendSeconds > 0 ? (sent.size() - 1) / sendSeconds : Double.NaN,
                runSeconds > 0 ? settledCount / runSeconds : Double.NaN, accepted, sent.size() - accepted, waited,
                outcomes, Distribution.ofMillis(speed), Distribution.ofMillis(serverSpeed),
                Distribution.ofMillis(intake), lost, assignedTwice, settled,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** When the lead reached its current state: its last history entry. */
    private static Instant settledAt(Lead lead) {
        HistoryEntry last = lead.history.get(lead.history.size() - 1);
        return Instant.parse(last.at());
    }

    /**
     * Each rep's {@code openLeads} against its capacity and against the leads assigned to it, and the
     * assignment messages (consumed here plus still queued) against the assignments in lead histories.
     */
    StoreChecks storeChecks() {
        List<Lead> all = leads.scanLeads(READ);
        Map<String, Integer> holding = new HashMap<>();
        long assignments = 0;
        for (Lead lead : all) {
            if (lead.status != null && lead.status.holdsCapacity() && lead.assignment != null) {
                holding.merge(lead.assignment.repId(), 1, Integer::sum);
            }
            assignments += lead.history.stream()
                    .filter(e -> "ASSIGNED".equals(e.event()) || "REASSIGNED".equals(e.event())).count();
        }
        int violations = 0;
        for (Rep rep : new RepStore(stack.dynamoDb(), stack.config().repsTable()).all()) {
            if (rep.openLeads > rep.capacity || rep.openLeads != holding.getOrDefault(rep.repId, 0)) {
                violations++;
            }
        }
        String queued = stack.sqs().getQueueAttributes(r -> r.queueUrl(stack.config().assignmentsQueueUrl())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes().entrySet().stream().map(Map.Entry::getValue).reduce("0", (a, b) ->
                        Long.toString(Long.parseLong(a) + Long.parseLong(b)));
        return new StoreChecks(violations, consumedAssignmentMessages + Long.parseLong(queued), assignments);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
