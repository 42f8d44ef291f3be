package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Stops the local stack (tables and queues on disk) while leads are on their way, starts a new one on
 * the same data: the messages queued at the stop are delivered after the restart, unconsumed output
 * messages are still there, and every lead is finished. Each test starts and stops its stacks itself: stopping one
 * mid-load and starting another on the same data is what is under test.
 */
@Tag("soak")
class RestartTest {
    private static final int LEADS = 150;

    @TempDir
    Path dataDir;

    @Test
    void anUnconsumedAssignmentsMessageIsStillQueuedAfterARestart() {
        String body = "{\"leadId\":\"restart-kept\",\"type\":\"ASSIGNED\"}";
        try (LocalStack first = LocalStack.start(ReliabilityOrg.options().dataDir(dataDir))) {
            String assignments = first.config().assignmentsQueueUrl();
            assertTrue(assignments.endsWith("/lead-router-assignments"), assignments);
            first.sqs().sendMessage(r -> r.queueUrl(assignments).messageBody(body)
                    .messageAttributes(Map.of("source", MessageAttributeValue.builder().dataType("String")
                            .stringValue("restart-test").build())));
        }
        try (LocalStack second = LocalStack.start(ReliabilityOrg.options().dataDir(dataDir))) {
            List<Message> kept = ReliabilityOrg.drain(second, second.config().assignmentsQueueUrl());
            assertEquals(List.of(body), kept.stream().map(Message::body).toList());
            assertEquals("restart-test", kept.get(0).messageAttributes().get("source").stringValue());
        }
    }

    @Test
    void leadsInFlightAtAStopAreFinishedAfterTheRestart() throws Exception {
        Map<String, String> accepted = new ConcurrentHashMap<>();
        LocalStack first = LocalStack.start(ReliabilityOrg.options().dataDir(dataDir));
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            ReliabilityOrg.seed(first, 5, 100);
            for (int i = 0; i < LEADS; i++) {
                int lead = i;
                clients.submit(() -> {
                    HttpResponse<String> response = ReliabilityOrg.postLead(first, ReliabilityOrg.leadBody("restart", lead),
                            "restart-" + lead);
                    if (response.statusCode() < 300) {
                        accepted.put(Json.parse(response.body()).path("leadId").asText(), "");
                    }
                });
            }
            // Stop mid-load: some leads are stored, their messages still queued or not yet sent.
            Awaitility.await("half the leads accepted").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> accepted.size() >= LEADS / 2);
        } finally {
            first.close();
            clients.shutdownNow();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }

        try (LocalStack second = LocalStack.start(ReliabilityOrg.options().dataDir(dataDir))) {
            Map<String, Lead> atRestart = ReliabilityOrg.leads(second);
            List<String> unfinished = accepted.keySet().stream()
                    .filter(id -> !ReliabilityOrg.settled(atRestart.get(id))).sorted().toList();
            Map<String, Long> unfinishedByStatus = new TreeMap<>(unfinished.stream()
                    .collect(Collectors.groupingBy(id -> String.valueOf(atRestart.get(id) == null ? "MISSING"
                            : atRestart.get(id).status), Collectors.counting())));

            Map<String, Lead> leads = ReliabilityOrg.awaitSettled(second, accepted.keySet(),
                    Duration.ofSeconds(15), Duration.ofSeconds(40));
            List<String> lost = accepted.keySet().stream().filter(id -> !ReliabilityOrg.settled(leads.get(id)))
                    .sorted().toList();
            System.out.printf("restart: %d leads accepted before the stop, %d of them unfinished at the restart %s, lost %s%n",
                    accepted.size(), unfinished.size(), unfinishedByStatus, lost);

            assertTrue(atRestart.keySet().containsAll(accepted.keySet()), "every accepted lead is on disk");
            assertTrue(!unfinished.isEmpty(), "the stop came after every lead was done: nothing was in flight");
            assertEquals(List.of(), lost);
            // Assignment messages sent before the stop are still on the queue, with those sent after it.
            Map<String, List<JsonNode>> messages = ReliabilityOrg.assignmentMessages(second);
            ReliabilityOrg.assertAssignedOnce(leads, messages);
            ReliabilityOrg.assertAnnounced(leads, messages);
            ReliabilityOrg.assertCapacityExact(second, leads);
            assertEquals(new ArrayList<>(), new ArrayList<>(ReliabilityOrg.deadLetters(second).keySet()));
        }
    }
}
