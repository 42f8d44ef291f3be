package dev.leadrouter.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.AwsCallRecorder;
import dev.leadrouter.local.template.IamActions;
import dev.leadrouter.local.template.LocalResources;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.stats.StatsHandler;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /stats} figures of a known run, on a stack of this class alone so that no other test's leads share
 * its minutes: leads submitted here, counted from the start of the run from the aggregates StatsFunction keeps
 * off the leads table's stream, with no Scan of the leads table.
 */
@Tag("end-to-end")
class StatsFiguresTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The speed histogram's bucket error (see README, "How /stats is computed"). */
    private static final double BUCKET_ERROR = Math.pow(2, 1.0 / 32) - 1;

    @RegisterExtension
    static final StackExtension STACK = StackExtension.ownStack(options -> options);

    private static LocalStack stack;
    private static ApiClient api;

    @BeforeAll
    static void ownStack(LocalStack own) {
        stack = own;
        api = ApiClient.of(own);
    }

    @Test
    void figuresMatchAKnownRun() {
        Instant since = Instant.now().minusMillis(1);
        // Warm leads outside every territory: the always-staffed catch-all team takes them (least loaded).
        List<String> assigned = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assigned.add(submit("""
                    {"email": "stats-%s@example-stats.com", "country": "BR", "employees": 1500, "title": "Head of Ops",
                     "source": "%s"}""".formatted(UUID.randomUUID(), i < 4 ? "EVENT" : "CHAT")));
        }
        String cold = submit("""
                {"email": "stats-%s@gmail.com", "country": "BR", "employees": 2, "source": "EVENT"}""".formatted(UUID.randomUUID()));
        String disqualified = submit("""
                {"email": "stats-%s@college.edu", "source": "REFERRAL"}""".formatted(UUID.randomUUID()));

        List<Long> speeds = new ArrayList<>();
        for (String leadId : assigned) {
            JsonNode lead = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
            assertEquals("smb-inbound", lead.path("assignment").path("team").asText(), lead.toString());
            speeds.add(Duration.between(Instant.parse(lead.path("receivedAt").asText()),
                    Instant.parse(lead.path("assignment").path("assignedAt").asText())).toMillis());
        }
        api.awaitStatus(cold, "NURTURE", TIMEOUT);
        api.awaitStatus(disqualified, "DISQUALIFIED", TIMEOUT);

        // The aggregates follow the stream: a second or two behind (the mapping's batching window).
        long scansBefore = leadsTableScans();
        JsonNode stats = await().atMost(TIMEOUT).until(() -> {
            HttpResponse<String> response = api.getAuthenticated("/stats?since=" + since);
            assertEquals(200, response.statusCode(), response.body());
            return Json.parse(response.body());
        }, figures -> figures.path("leads").asInt() == 8 && figures.path("byStatus").path("ASSIGNED").asInt() == 6
                && figures.path("byStatus").path("NURTURE").asInt() == 1
                && figures.path("byStatus").path("DISQUALIFIED").asInt() == 1);
        assertEquals(scansBefore, leadsTableScans(), "GET /stats scanned the leads table");
        assertFalse(AwsCallRecorder.callsSignedBy("LeadApiFunction").contains(new IamActions.Call("dynamodb:Scan",
                LocalResources.tableArn(stack.config().leadsTable()))), "the lead API scans the leads table");

        assertEquals(since.toString(), stats.path("since").asText());
        assertEquals(8, stats.path("leads").asInt(), stats.toString());
        assertEquals(5, stats.path("bySource").path("EVENT").asInt());
        assertEquals(2, stats.path("bySource").path("CHAT").asInt());
        assertEquals(1, stats.path("bySource").path("REFERRAL").asInt());
        assertEquals(0, stats.path("bySource").path("WEB_FORM").asInt());
        assertEquals(6, stats.path("byStatus").path("ASSIGNED").asInt());
        assertEquals(1, stats.path("byStatus").path("NURTURE").asInt());
        assertEquals(1, stats.path("byStatus").path("DISQUALIFIED").asInt());
        assertEquals(0, stats.path("grades").path("HOT").asInt());
        assertEquals(6, stats.path("grades").path("WARM").asInt());
        assertTrue(stats.path("grades").path("COLD").asInt() >= 1); // the disqualified lead may be graded too

        JsonNode assignments = stats.path("assignments");
        assertEquals(6, assignments.path("leads").asInt());
        assertEquals(Json.MAPPER.valueToTree(Map.of("smb-inbound", 6)), assignments.path("byTeam"));
        assertEquals(Json.MAPPER.valueToTree(Map.of("LEAST_LOADED", 6)), assignments.path("byStrategy"));
        int byRep = 0;
        for (JsonNode count : assignments.path("byRep")) {
            byRep += count.asInt();
        }
        assertEquals(6, byRep);

        List<Long> sorted = speeds.stream().sorted().toList();
        JsonNode speed = stats.path("speedToLeadMs");
        assertEquals(6, speed.path("count").asInt());
        assertClose(sorted.get(2), speed.path("p50").asLong()); // nearest rank: ceil(0.5 * 6) = 3rd
        assertClose(sorted.get(5), speed.path("p90").asLong());
        assertClose(sorted.get(5), speed.path("p99").asLong());
        assertClose(sorted.get(5), speed.path("max").asLong());
        assertTrue(sorted.get(5) < TIMEOUT.toMillis());

        assertEquals(0, stats.path("parked").asInt());
        assertEquals(0, stats.path("reassignments").asInt());
        assertEquals(Json.parse("{\"leads\": 0, \"assignedLeads\": 6, \"rate\": 0.0}"), stats.path("slaMisses"));
        for (String queue : List.of("crm-import", "qualification", "routing")) {
            assertTrue(stats.path("deadLetterQueues").path(queue).isInt(), stats.path("deadLetterQueues").toString());
        }

        JsonNode everything = Json.parse(api.getAuthenticated("/stats").body());
        assertTrue(everything.path("leads").asInt() >= 8);
        assertTrue(!everything.has("since"));
    }

    @Test
    void badSinceIsRejected() {
        HttpResponse<String> response = api.getAuthenticated("/stats?since=yesterday");
        assertEquals(400, response.statusCode());
        assertEquals("since", Json.parse(response.body()).path("errors").path(0).path("field").asText());
        assertEquals(200, api.getAuthenticated("/stats?since=2026-01-01").statusCode());
    }

    @Test
    void aRedeliveredStreamBatchCountsOnce() {
        // A lead of a minute nobody else's leads are in, delivered twice as the same batch.
        String receivedAt = "2026-12-01T03:07:00Z";
        Map<String, AttributeValue> image = Map.of(
                "leadId", new AttributeValue().withS("stats-redelivered-" + UUID.randomUUID()),
                "status", new AttributeValue().withS("QUALIFIED"),
                "source", new AttributeValue().withS("PARTNER"),
                "receivedAt", new AttributeValue().withS(receivedAt));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        StreamRecord change = new StreamRecord();
        change.setSequenceNumber("7" + System.nanoTime());
        change.setKeys(Map.of("leadId", image.get("leadId")));
        change.setNewImage(image);
        record.setDynamodb(change);
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(List.of(record));

        StatsHandler handler = new StatsHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config());
        for (int delivery = 0; delivery < 2; delivery++) {
            assertTrue(handler.handleRequest(batch, null).getBatchItemFailures().isEmpty());
        }
        JsonNode stats = Json.parse(api.getAuthenticated("/stats?since=2026-12-01T03:07:00Z").body());
        assertTrue(stats.path("bySource").path("PARTNER").asInt() == 1, stats.toString());
    }

    private static long leadsTableScans() {
        return AwsCallRecorder.callCountsOf("LeadApiFunction").getOrDefault("Scan", 0L);
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected * BUCKET_ERROR + 1,
                actual + " is not " + expected + " within the bucket error");
    }

    private static String submit(String body) {
        HttpResponse<String> response = api.post("/leads", body);
        assertEquals(202, response.statusCode(), response.body());
        return Json.parse(response.body()).path("leadId").asText();
    }
}
