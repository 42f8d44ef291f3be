package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.intake.IntakeApiHandler;
import dev.leadrouter.json.Json;
import dev.leadrouter.routing.SweepHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lead that was stored but whose message to qualification could not be sent is not lost.
 *
 * <p>How a lead left in RECEIVED is found and pushed on: intake writes every lead with
 * {@code dueAt = receivedAt + stuckAfter} (STUCK_AFTER_SECONDS, 60 by default), and {@code status} and
 * {@code dueAt} key the leads table's {@code byStatus} index. The scheduled sweep ({@link SweepHandler},
 * every minute in AWS, every few seconds locally) queries that index for RECEIVED leads whose dueAt has
 * passed, sends each to qualification again and moves its dueAt on by stuckAfter, so a lead is re-driven
 * until qualification has moved it out of RECEIVED. Qualification ignores a lead that already moved on,
 * so re-driving a lead whose message was merely late is harmless. Sooner than the sweep, the client's
 * retry with the same Idempotency-Key (it got a 503) pushes the lead on, as do a duplicate submission of
 * the same person and a redelivered CRM record.
 *
 * <p>The stack here is its own, with the sweep hours away, so that only what a test does moves a lead.
 */
@Tag("integration")
class NoLeadStuckIT extends OnOwnStackWithoutSweep {
    private static final Duration PIPELINE = Duration.ofSeconds(30);
    @Test
    void aLeadThatCouldNotBeQueuedAnswers503AndTheRetryWithTheSameKeyFinishesTheJob() {
        String email = TestLeads.uniqueEmail("retry", "souza-logistica.com.br");
        String body = TestLeads.warmLead(email).toString();
        String key = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse failed = brokenIntake().handleRequest(postLead(body, key), context());

        assertEquals(503, failed.getStatusCode(), failed.getBody());
        assertTrue(Json.parse(failed.getBody()).path("errors").size() > 0, failed.getBody());
        Lead stored = leadWithEmail(email);
        assertEquals(LeadStatus.RECEIVED, stored.status);

        APIGatewayV2HTTPResponse retried = workingIntake().handleRequest(postLead(body, key), context());

        assertEquals(202, retried.getStatusCode(), retried.getBody());
        assertEquals(stored.leadId, Json.parse(retried.getBody()).path("leadId").asText());
        awaitStatus(stored.leadId, LeadStatus.ASSIGNED);
        APIGatewayV2HTTPResponse replayed = workingIntake().handleRequest(postLead(body, key), context());
        assertEquals(202, replayed.getStatusCode());
        assertEquals(Json.parse(retried.getBody()), Json.parse(replayed.getBody()));
    }

    @Test
    void aLeadLeftInReceivedIsFoundByTheSweepOnceDueAndPushedOn() {
        String email = TestLeads.uniqueEmail("left", "gmail.com");
        APIGatewayV2HTTPResponse failed = brokenIntake().handleRequest(
                postLead(TestLeads.coldLead(email).toString(), null), context());
        assertEquals(503, failed.getStatusCode(), failed.getBody());
        Lead left = leadWithEmail(email);
        assertEquals(LeadStatus.RECEIVED, left.status);

        Map<String, Object> notYet = sweepAt(Clock.systemUTC());
        assertNull(notYet.get("RECEIVED"), "not due before stuckAfter: " + notYet);

        Clock later = Clock.offset(Clock.systemUTC(), stack.config().stuckAfter().plusSeconds(1));
        Map<String, Object> swept = sweepAt(later);

        assertTrue(((Integer) swept.get("RECEIVED")) >= 1, swept.toString());
        awaitStatus(left.leadId, LeadStatus.NURTURE);
        assertEquals(List.of("RECEIVED", "NURTURE"),
                leads.get(left.leadId).orElseThrow().history.stream().map(entry -> entry.event()).toList());
    }

    private static IntakeApiHandler brokenIntake() {
        return new IntakeApiHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()),
                TestLeads.withQualificationQueue(stack.config(), TestLeads.missingQueueUrl(stack)), Clock.systemUTC());
    }

    private static IntakeApiHandler workingIntake() {
        return new IntakeApiHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC());
    }

    private static Map<String, Object> sweepAt(Clock clock) {
        return new SweepHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), clock)
                .handleRequest(Map.of("source", "aws.events"), new LocalLambdaContext("SweepFunction"));
    }

    private static APIGatewayV2HTTPEvent postLead(String body, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (idempotencyKey != null) {
            headers.put("idempotency-key", idempotencyKey);
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /leads")
                .withRawPath("/leads")
                .withHeaders(headers)
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/leads").build())
                        .build())
                .build();
    }

    private static LocalLambdaContext context() {
        return new LocalLambdaContext("IntakeFunction");
    }

    private static Lead leadWithEmail(String email) {
        List<Lead> found = leads.scanLeads(List.of("email")).stream().filter(lead -> email.equals(lead.email)).toList();
        assertEquals(1, found.size(), "leads with " + email);
        return leads.get(found.getFirst().leadId).orElseThrow();
    }

    private static void awaitStatus(String leadId, LeadStatus status) {
        Awaitility.await("lead " + leadId + " is " + status).atMost(PIPELINE)
                .until(() -> leads.get(leadId).map(lead -> lead.status == status).orElse(false));
    }
}
