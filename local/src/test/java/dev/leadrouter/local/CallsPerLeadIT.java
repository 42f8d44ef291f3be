package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.AwsCallRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS calls each function on the critical path makes per lead, and the notification function's for the
 * lead's hand-off message, counted from the SDK by {@link AwsCallRecorder} (the stack signs each function's calls
 * with its own key id): leads posted one at a time to an org of one round-robin team and one account, whose reps
 * are told on no channel, after a warm-up, with the stack's caches at 30 s. ReceiveMessage is left out: the event
 * source emulation polls whether or not there is a message. Writes the table to {@code target/calls-per-lead.md}
 * (BENCHMARKS.md, "Calls per lead").
 */
@Tag("integration")
class CallsPerLeadIT {
    private static final List<String> FUNCTIONS = List.of("IntakeFunction", "QualificationFunction", "RoutingFunction",
            "NotificationFunction");
    private static final int WARM_UP = 5;
    private static final int LEADS = 20;

    @Test
    void routingMakesNoScanAndFewCallsPerLead() {
        try (IsolatedStack stack = IsolatedStack.start(30)) {
            stack.putRule("""
                    {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 0, "warmScore": 0,
                     "slaSeconds": 600, "parkRetrySeconds": 3600}""");
            stack.putRule("""
                    {"ruleId": "everyone", "stage": "ROUTING", "priority": 10, "enabled": true, "conditions": [],
                     "team": "inbound", "strategy": "ROUND_ROBIN"}""");
            for (int i = 0; i < 20; i++) {
                stack.putRep("""
                        {"repId": "r-calls-%d", "name": "Rep %d", "email": "rep%d@example.com", "teams": ["inbound"],
                         "active": true, "capacity": 1000, "openLeads": 0, "weight": 1, "timezone": "UTC"}"""
                        .formatted(i, i, i));
            }
            stack.putAccount("""
                    {"domain": "calls.example", "accountName": "Calls Inc", "ownerRepId": "r-nobody"}""");

            postAndAwaitAnnounced(stack, WARM_UP);
            Map<String, Map<String, Long>> before = counts();
            postAndAwaitAnnounced(stack, LEADS);
            Map<String, Map<String, Long>> after = counts();

            Map<String, Map<String, Double>> perLead = new LinkedHashMap<>();
            for (String function : FUNCTIONS) {
                Map<String, Double> calls = new LinkedHashMap<>();
                for (String operation : new TreeSet<>(after.get(function).keySet())) {
                    long made = after.get(function).get(operation) - before.get(function).getOrDefault(operation, 0L);
                    if (!"ReceiveMessage".equals(operation) && made > 0) {
                        calls.put(operation, (double) made / LEADS);
                    }
                }
                perLead.put(function, calls);
            }
            String table = table(perLead);
            System.out.println(table);
            write(table);

            Map<String, Double> routing = perLead.get("RoutingFunction");
            assertEquals(null, routing.get("Scan"), "no Scan per lead:\n" + table);
            assertEquals(null, routing.get("PutItem"), "the sent mark is an update, not a put of the lead:\n" + table);
            assertTrue(routing.getOrDefault("GetItem", 0.0) <= 1.1, "the lead came in the message, the account"
                    + " from the cache; only team turn state is read:\n" + table);
            assertEquals(null, perLead.get("QualificationFunction").get("GetItem"), "the lead came in the message:\n" + table);
            assertTrue(perLead.get("NotificationFunction").getOrDefault("GetItem", 0.0) <= 1.1, "the rep's item alone:"
                    + " nothing to send, so no lead read, and the settings from the cache:\n" + table);
        }
    }

    private static void postAndAwaitAnnounced(IsolatedStack stack, int count) {
        for (int i = 0; i < count; i++) {
            String email = TestLeads.uniqueEmail("buyer", "calls.example");
            var answer = stack.api().post("/leads", """
                    {"email": "%s", "firstName": "Bo", "lastName": "Buyer", "company": "Calls Inc", "country": "DE"}"""
                    .formatted(email));
            assertEquals(202, answer.statusCode(), answer.body());
            String leadId = Json.parse(answer.body()).path("leadId").asText();
            // Announced: the assignment message is out and marked as sent, the last write of the critical path.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                Lead lead = stack.leads().get(leadId).orElse(null);
                return lead != null && lead.assignment != null && lead.assignment.assignedAt().equals(lead.outputSent);
            });
        }
        // The hand-off messages are sent before the lead is marked announced: all are handled once the queue is empty.
        String notifications = stack.config().handOff().notificationsQueueUrl();
        Awaitility.await("the notifications queue is empty").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stack.sqs().getQueueAttributes(r -> r.queueUrl(notifications).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes().values().stream()
                        .allMatch("0"::equals));
    }

    private static Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        FUNCTIONS.forEach(function -> counts.put(function, AwsCallRecorder.callCountsOf(function)));
        return counts;
    }

    private static String table(Map<String, Map<String, Double>> perLead) {
        List<String> rows = new ArrayList<>(List.of("| function | call | per lead |", "|---|---|---:|"));
        double total = 0;
        for (var function : perLead.entrySet()) {
            for (var call : function.getValue().entrySet()) {
                rows.add("| %s | %s | %s |".formatted(function.getKey(), call.getKey(), figure(call.getValue())));
                total += call.getValue();
            }
        }
        rows.add("| **all** | | **%s** |".formatted(figure(total)));
        return String.join("\n", rows) + "\n";
    }

    private static String figure(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static void write(String table) {
        try {
            Files.writeString(Path.of("target", "calls-per-lead.md"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
