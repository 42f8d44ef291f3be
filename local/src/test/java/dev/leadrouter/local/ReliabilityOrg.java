package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A small sales org for the reliability tests (one round-robin team of reps with capacity, three
 * qualification rules) and the checks every such test makes: each lead settled, no rep's
 * {@code openLeads} off by one, no lead assigned twice. Reads go through the stack's own clients,
 * never the handlers' (possibly faulty) ones.
 */
final class ReliabilityOrg {
    static final String TEAM = "sales";
    private static final List<String> LEAD_ATTRIBUTES = List.of("status", "assignment", "outputSent", "history",
            "dueAt", "email");

    private ReliabilityOrg() {
    }

    /** {@code options} for a stack empty of any org, sweeping every second, re-driving a lead stuck for 2 s. */
    static LocalStackOptions options(LocalStackOptions options) {
        return options.seed(false).apiToken(TestStack.API_TOKEN).sweepSeconds(1).stuckAfterSeconds(2);
    }

    /** {@link #options(LocalStackOptions)} on free ports, for a test that starts and stops stacks itself. */
    static LocalStackOptions options() {
        return options(StackExtension.freePorts());
    }

    /** {@code reps} reps of capacity {@code capacity} in one ROUND_ROBIN team, which is also the fallback. */
    static void seed(LocalStack stack, int reps, int capacity) {
        Config config = stack.config();
        for (int i = 1; i <= reps; i++) {
            put(stack, config.repsTable(), """
                    {"repId": "r-%d", "name": "Rep %d", "email": "rep%d@example.com", "teams": ["%s"],
                     "active": true, "capacity": %d, "openLeads": 0, "weight": 1, "timezone": "UTC"}"""
                    .formatted(i, i, i, TEAM, capacity));
        }
        put(stack, config.rulesTable(), """
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 60, "warmScore": 30,
                 "fallbackTeam": "%s", "slaSeconds": 900, "parkRetrySeconds": 600}""".formatted(TEAM));
        put(stack, config.rulesTable(), """
                {"ruleId": "q-edu", "stage": "QUALIFICATION", "priority": 1, "enabled": true,
                 "conditions": [{"field": "emailDomain", "op": "ends_with", "value": ".edu"}], "disqualify": true}""");
        put(stack, config.rulesTable(), """
                {"ruleId": "q-size", "stage": "QUALIFICATION", "priority": 10, "enabled": true,
                 "conditions": [{"field": "employees", "op": "gte", "value": 1000}], "points": 40}""");
        put(stack, config.rulesTable(), """
                {"ruleId": "route-all", "stage": "ROUTING", "priority": 10, "enabled": true,
                 "team": "%s", "strategy": "ROUND_ROBIN"}""".formatted(TEAM));
    }

    /** The body of lead {@code i} of a run: every 10th disqualified, 2 in 10 cold (nurture), the rest warm. */
    static String leadBody(String run, int i) {
        String domain = i % 10 == 0 ? "college.edu" : "acme-" + run + ".com";
        int employees = i % 10 == 1 || i % 10 == 2 ? 5 : 1500;
        return """
                {"email": "lead-%d@%s", "firstName": "Lead", "lastName": "No%d", "company": "Acme %d",
                 "country": "DE", "employees": %d}""".formatted(i, domain, i, i, employees);
    }

    private static void put(LocalStack stack, String table, String json) {
        stack.dynamoDb().putItem(r -> r.tableName(table).item(AttributeValues.toItem(Json.parse(json))));
    }

    static HttpResponse<String> postLead(LocalStack stack, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/leads"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return ApiClient.send(request);
    }

    static Map<String, Lead> leads(LocalStack stack) {
        return new LeadStore(stack.dynamoDb(), stack.config().leadsTable()).scanLeads(LEAD_ATTRIBUTES).stream()
                .collect(Collectors.toMap(lead -> lead.leadId, Function.identity()));
    }

    /** At rest with its output out: assigned and announced, nurtured and sent, parked, disqualified or closed. */
    static boolean settled(Lead lead) {
        if (lead == null) {
            return false;
        }
        return switch (lead.status) {
            case ASSIGNED -> lead.assignment.assignedAt().equals(lead.outputSent);
            case NURTURE -> LeadStatus.NURTURE.name().equals(lead.outputSent);
            case UNASSIGNED, DISQUALIFIED, ACCEPTED, CLOSED -> true;
            case RECEIVED, QUALIFIED -> false;
        };
    }

    /**
     * Polls until every lead of {@code leadIds} is settled, or the unsettled ones stop changing for
     * {@code quiet} (their messages may rest in a dead-letter queue), or {@code timeout} passes.
     */
    static Map<String, Lead> awaitSettled(LocalStack stack, Collection<String> leadIds, Duration quiet, Duration timeout) {
        var progress = new Object() {
            Map<String, Lead> leads = Map.of();
            Set<String> lastUnsettled = Set.of();
            Instant unchangedSince = Instant.now();

            boolean doneWaiting() {
                leads = leads(stack);
                Set<String> unsettled = leadIds.stream().filter(id -> !settled(leads.get(id))).collect(Collectors.toSet());
                if (!unsettled.equals(lastUnsettled)) {
                    lastUnsettled = unsettled;
                    unchangedSince = Instant.now();
                }
                return unsettled.isEmpty() || Duration.between(unchangedSince, Instant.now()).compareTo(quiet) > 0;
            }
        };
        try {
            Awaitility.await("leads settled or at rest").atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(250)).until(progress::doneWaiting);
        } catch (ConditionTimeoutException stillMoving) {
            // The caller's checks say which leads did not settle.
        }
        return progress.leads;
    }

    /** Every message of the dead-letter queues, by lead id (a CRM import's by its body), with its errors. */
    static Map<String, List<String>> deadLetters(LocalStack stack) {
        Config config = stack.config();
        Map<String, List<String>> byLead = new TreeMap<>();
        for (String dlq : List.of(config.crmImportDlqUrl(), config.qualificationDlqUrl(), config.routingDlqUrl())) {
            for (Message message : drain(stack, dlq)) {
                JsonNode body = parseOrNull(message.body());
                String leadId = body != null && body.path("leadId").isTextual() ? body.path("leadId").asText() : message.body();
                var errors = message.messageAttributes().get("errors");
                byLead.computeIfAbsent(leadId, k -> new ArrayList<>()).add(dlq.substring(dlq.lastIndexOf('/') + 1)
                        + ": " + (errors == null ? "(redriven after " + Provisioner.MAX_RECEIVE_COUNT + " receives)"
                        : errors.stringValue()));
            }
        }
        return byLead;
    }

    /** Receives every message now on {@code queueUrl}, hiding them for a minute. */
    static List<Message> drain(LocalStack stack, String queueUrl) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = stack.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(60).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    /** Assignment messages by lead id. */
    static Map<String, List<JsonNode>> assignmentMessages(LocalStack stack) {
        Map<String, List<JsonNode>> byLead = new HashMap<>();
        for (Message message : drain(stack, stack.config().assignmentsQueueUrl())) {
            JsonNode body = Json.parse(message.body());
            byLead.computeIfAbsent(body.path("leadId").asText(), k -> new ArrayList<>()).add(body);
        }
        return byLead;
    }

    /** Each rep's {@code openLeads} is exactly its number of assigned or accepted leads, and within capacity. */
    static void assertCapacityExact(LocalStack stack, Map<String, Lead> leads) {
        Map<String, Long> open = leads.values().stream().filter(lead -> lead.status.holdsCapacity())
                .collect(Collectors.groupingBy(lead -> lead.assignment.repId(), Collectors.counting()));
        Map<String, Integer> drift = new TreeMap<>();
        for (var rep : new RepStore(stack.dynamoDb(), stack.config().repsTable()).all()) {
            long expected = open.getOrDefault(rep.repId, 0L);
            if (rep.openLeads != expected) {
                drift.put(rep.repId, (int) (rep.openLeads - expected));
            }
            assertTrue(rep.openLeads <= rep.capacity, rep.repId + " over capacity: " + rep.openLeads);
        }
        assertEquals(Map.of(), drift, "openLeads minus open leads, by rep");
    }

    /**
     * No lead was assigned twice: one assignment in its history per missed SLA plus one, no more distinct
     * assignments among its messages; returns how many messages repeated an assignment already sent.
     */
    static int assertAssignedOnce(Map<String, Lead> leads, Map<String, List<JsonNode>> messages) {
        List<String> twice = new ArrayList<>();
        int duplicateMessages = 0;
        for (Lead lead : leads.values()) {
            long assignments = events(lead, "ASSIGNED") + events(lead, "REASSIGNED");
            List<JsonNode> sent = messages.getOrDefault(lead.leadId, List.of());
            Set<String> assignedAts = new HashSet<>();
            sent.forEach(m -> assignedAts.add(m.path("assignedAt").asText()));
            // Only a missed SLA may give a lead a further assignment.
            if (assignments > 1 + events(lead, "SLA_MISSED") || assignedAts.size() > Math.max(1, assignments)) {
                twice.add(lead.leadId + " " + lead.history);
            }
            duplicateMessages += Math.max(0, sent.size() - assignedAts.size());
        }
        assertEquals(List.of(), twice, "leads assigned more than once");
        return duplicateMessages;
    }

    /** Every assigned lead marked as announced has its assignment message on the assignments queue. */
    static void assertAnnounced(Map<String, Lead> leads, Map<String, List<JsonNode>> messages) {
        List<String> silent = leads.values().stream()
                .filter(lead -> lead.status == LeadStatus.ASSIGNED && lead.outputSent != null)
                .filter(lead -> messages.getOrDefault(lead.leadId, List.of()).stream()
                        .noneMatch(m -> m.path("assignedAt").asText().equals(lead.assignment.assignedAt())))
                .map(lead -> lead.leadId).toList();
        assertEquals(List.of(), silent, "assigned leads without their assignment message");
    }

    private static long events(Lead lead, String event) {
        return lead.history.stream().filter(h -> h.event().equals(event)).count();
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
