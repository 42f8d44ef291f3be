package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.AwsCallRecorder;
import dev.leadrouter.qualification.QualificationHandler;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.routing.RoutingHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS calls each function on the critical path makes per lead, and the notification function's, counted from
 * the SDK by {@link AwsCallRecorder} (the stack signs each function's calls with its own key id): leads posted one
 * at a time to an org of one round-robin team and one account, whose reps are told on no channel (so routing
 * queues no hand-off message, and the notification function has nothing to do), after a warm-up, with the stack's
 * caches at 30 s. ReceiveMessage is left out: the event
 * source emulation polls whether or not there is a message. Writes the table to {@code target/calls-per-lead.md}
 * (BENCHMARKS.md, "Calls per lead"). Posted one at a time, each SQS batch holds one lead, so each of its messages
 * is a request of its own; {@link #aBatchOfLeadsSharesItsSendRequests} counts the same functions' calls when a
 * batch holds ten ({@code target/calls-per-lead-batched.md}).
 */
@Tag("integration")
class CallsPerLeadIT {
    private static final List<String> FUNCTIONS = List.of("IntakeFunction", "QualificationFunction", "RoutingFunction",
            "NotificationFunction");
    private static final int WARM_UP = 5;
    private static final int LEADS = 20;
    private static final int PER_BATCH = 10;
    private static final int REPS = 20;
    private static final String TEAM = "inbound";
    /** The access key id the stack's own clients sign with: the calls of the handlers a test calls. */
    private static final String STACK_SIGNER = "local";

    @Test
    void routingMakesNoScanAndFewCallsPerLead() {
        try (IsolatedStack stack = IsolatedStack.start(30)) {
            stack.roundRobinOrg(TEAM, REPS);
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
            write("calls-per-lead.md", table);

            Map<String, Double> routing = perLead.get("RoutingFunction");
            assertEquals(null, routing.get("Scan"), "no Scan per lead:\n" + table);
            assertEquals(null, routing.get("PutItem"), "the sent mark is an update, not a put of the lead:\n" + table);
            assertTrue(routing.getOrDefault("GetItem", 0.0) <= 1.1, "the lead came in the message, the account"
                    + " from the cache; only team turn state is read:\n" + table);
            assertEquals(null, perLead.get("QualificationFunction").get("GetItem"), "the lead came in the message:\n" + table);
            assertEquals(null, perLead.get("QualificationFunction").get("PutItem"),
                    "the qualified lead went on in the message, for the placement to store:\n" + table);
            assertEquals(Map.of(), perLead.get("NotificationFunction"), "reps told on no channel and leads from no CRM:"
                    + " no hand-off message, so not even the rep's item is read:\n" + table);
            // One lead per SQS batch here: a SendMessageBatch per queue the lead's messages go to, none shared.
            assertEquals(null, routing.get("SendMessage"), "the batch's sends go out as SendMessageBatch:\n" + table);
            assertEquals(2.0, routing.getOrDefault("SendMessageBatch", 0.0), 0.15,
                    "assignment and SLA check, one request each; nothing to hand off:\n" + table);
        }
    }

    /**
     * Batches of {@value #PER_BATCH} leads through the qualification and routing handlers (on the stack's direct
     * queues, called as Lambda calls them; their calls are the ones signed with the stack's own key): what the
     * records send goes out at the end of the batch, one SendMessageBatch per queue and 10 messages, and each lead
     * is still assigned once, announced by one assignments message, and marked as sent.
     */
    @Test
    void aBatchOfLeadsSharesItsSendRequests() {
        try (IsolatedStack stack = IsolatedStack.start(30)) {
            stack.roundRobinOrg(TEAM, REPS);
            AwsPorts ports = new AwsPorts(stack.dynamo(), stack.sqs());
            Config direct = stack.direct();
            QualificationHandler qualification = new QualificationHandler(ports, direct, Clock.systemUTC());
            RoutingHandler routing = new RoutingHandler(ports, direct, direct.handOff(), Clock.systemUTC());
            Map<String, Map<String, Double>> perLead = new LinkedHashMap<>();
            List<String> leadIds = new ArrayList<>();
            for (int batch = 0; batch < LEADS / PER_BATCH; batch++) {
                // As intake sends them: the lead carried in its message.
                List<Lead> received = IntStream.range(0, PER_BATCH).mapToObj(i -> stack.store(stack.newLead("RECEIVED",
                        TestLeads.uniqueEmail("batched", "calls.example"), Map.of()))).toList();
                received.forEach(lead -> leadIds.add(lead.leadId));
                count(perLead, "QualificationFunction", () -> qualification.handleRequest(IsolatedStack.event(received
                        .stream().map(lead -> Json.write(LeadMessage.qualify(lead))).toArray(String[]::new)), null));
                String[] toRouting = stack.drain(direct.routingQueueUrl()).stream().map(Message::body)
                        .toArray(String[]::new);
                assertEquals(PER_BATCH, toRouting.length);
                count(perLead, "RoutingFunction", () -> routing.handleRequest(IsolatedStack.event(toRouting), null));
            }
            String table = table(perLead);
            System.out.println(table);
            write("calls-per-lead-batched.md", table);

            assertEquals(null, perLead.get("QualificationFunction").get("SendMessage"), table);
            assertEquals(null, perLead.get("RoutingFunction").get("SendMessage"), table);
            assertEquals(0.1, perLead.get("QualificationFunction").get("SendMessageBatch"), 1e-9,
                    "one request for the batch's routing messages:\n" + table);
            assertEquals(0.2, perLead.get("RoutingFunction").get("SendMessageBatch"), 1e-9,
                    "one request each for the batch's assignments and SLA-check messages (nothing to hand off):\n"
                            + table);
            Map<String, Long> announced = stack.drainBodies(direct.assignmentsQueueUrl()).stream()
                    .collect(Collectors.groupingBy(m -> m.path("leadId").asText(), Collectors.counting()));
            for (String leadId : leadIds) {
                Lead lead = stack.lead(leadId);
                assertEquals(LeadStatus.ASSIGNED, lead.status, lead.history.toString());
                assertEquals(lead.assignment.assignedAt(), lead.outputSent, "marked once its messages were out");
                assertEquals(1L, announced.get(leadId), "one assignments message for " + leadId);
                assertEquals(1, lead.history.stream().filter(h -> h.event().equals("ASSIGNED")).count());
            }
            assertEquals(LEADS, stack.openLeads(TEAM, REPS), "capacity counted once per lead");
        }
    }

    /** Adds the calls {@code batch} made, signed with the stack's own key, per lead, to {@code function}'s. */
    private static void count(Map<String, Map<String, Double>> perLead, String function, Runnable batch) {
        Map<String, Long> before = AwsCallRecorder.callCountsOf(STACK_SIGNER);
        batch.run();
        Map<String, Long> after = AwsCallRecorder.callCountsOf(STACK_SIGNER);
        Map<String, Double> calls = perLead.computeIfAbsent(function, f -> new java.util.TreeMap<>());
        after.forEach((operation, made) -> {
            long delta = made - before.getOrDefault(operation, 0L);
            if (delta > 0) {
                calls.merge(operation, (double) delta / LEADS, Double::sum);
            }
        });
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
        // Any hand-off message is sent before the lead is marked announced: all are handled once the queue is empty.
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

    private static void write(String file, String table) {
        try {
            Files.writeString(Path.of("target", file), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
