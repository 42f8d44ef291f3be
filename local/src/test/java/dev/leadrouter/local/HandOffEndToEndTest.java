package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.api.LeadApiHandler;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.handoff.Hmac;
import dev.leadrouter.json.Json;
import dev.leadrouter.notification.NotificationHandler;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.store.LeadStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The hand-off end to end on a stack of its own: posted leads reach stub Slack, Teams, webhook and SES endpoints
 * in their formats, signed, once each; the accept and decline links act once, only on POST, and expire; CRM
 * imports get their owner PATCHed, and a CRM that refuses ends in the dead-letter queue with its answer.
 */
@Tag("end-to-end")
class HandOffEndToEndTest {
    private static final String SECRET = "whsec-test";
    private static final int SLA_SECONDS = 600;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** What the stack's email, CRM and chat calls reach; started with the class, as the stack's options name it. */
    private static final StubEndpoints stubs = new StubEndpoints();

    @RegisterExtension
    static final StackExtension STACK = StackExtension.ownStack(options -> options.seed(false)
            .sweepSeconds(1).rulesCacheSeconds(0)
            .sesEndpoint(stubs.url("/ses"))
            .salesforceUrl(stubs.url("/sf")).salesforceToken("sf-token")
            .hubspotUrl(stubs.url("/hs")).hubspotToken("hs-token"));

    private static LocalStack stack;
    private static ApiClient api;

    @BeforeAll
    static void start(LocalStack own) {
        stubs.answer("/ses/", 200, "{\"MessageId\":\"stub-message\"}", Duration.ZERO);
        stubs.answer("/sf/", 204, "", Duration.ZERO);
        stubs.answer("/sf/services/data/v60.0/sobjects/Lead/00QGONE",
                404, "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]", Duration.ZERO);
        stubs.answer("/hs/", 200, "{\"id\":\"1\"}", Duration.ZERO);
        stack = own;
        api = ApiClient.of(stack);
        TestOrg.write(stack, """
                {"reps": [%s, %s],
                 "rules": [
                   {"ruleId": "settings", "stage": "SETTINGS", "warmScore": 0, "hotScore": 50, "fallbackTeam": "handoff",
                    "slaSeconds": %d, "webhookSecret": "%s"},
                   {"ruleId": "all-to-handoff", "stage": "ROUTING", "priority": 1, "team": "handoff",
                    "strategy": "ROUND_ROBIN"}]}
                """.formatted(rep("r-anna", "Anna Schmidt", "005ANNA", "101"),
                rep("r-lukas", "Lukas Weber", "005LUKAS", "102"), SLA_SECONDS, SECRET));
        // One lead first, as a warm function would have served before: later timings are not a cold start.
        String warmUp = postLead("Warmup").leadId;
        stubs.await(r -> r.path().startsWith("/hook/") && r.body().contains(warmUp), WAIT);
    }

    @AfterAll
    static void stop() {
        stubs.close();
    }

    private static String rep(String repId, String name, String salesforceId, String hubspotId) {
        return """
                {"repId": "%1$s", "name": "%2$s", "email": "%1$s@example.com", "teams": ["handoff"], "active": true,
                 "capacity": 500, "openLeads": 0,
                 "notify": {"email": true, "slackWebhookUrl": "%3$s", "teamsWebhookUrl": "%4$s", "webhookUrl": "%5$s"},
                 "crmOwnerIds": {"salesforce": "%6$s", "hubspot": "%7$s"}}
                """.formatted(repId, name, stubs.url("/slack/" + repId), stubs.url("/teams/" + repId),
                stubs.url("/hook/" + repId), salesforceId, hubspotId);
    }

    /** A posted lead, assigned: its id, rep, assignment time and unique last name. */
    record Posted(String leadId, String repId, String assignedAt, String lastName) {
    }

    private static Posted postLead(String name) {
        String lastName = name + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
        ObjectNode body = TestLeads.warmLead(TestLeads.uniqueEmail("ana", "souza-logistica.example"));
        body.put("lastName", lastName);
        HttpResponse<String> response = api.post("/leads", body.toString());
        assertEquals(202, response.statusCode(), response.body());
        String leadId = TestLeads.leadId(response);
        JsonNode lead = api.awaitStatus(leadId, "ASSIGNED", WAIT);
        return new Posted(leadId, lead.path("assignment").path("repId").asText(),
                lead.path("assignment").path("assignedAt").asText(), lastName);
    }

    private static StubEndpoints.Received webhook(Posted lead, String event) {
        return stubs.await(r -> r.path().equals("/hook/" + lead.repId()) && r.body().contains(lead.leadId())
                && Json.parse(r.body()).path("event").asText().equals(event), WAIT);
    }

    @Test
    void anAssignmentReachesSlackTeamsWebhookAndSesWithinASecondInEachFormat() {
        Posted lead = postLead("Souza");
        Instant assignedAt = Instant.parse(lead.assignedAt());
        StubEndpoints.Received slack = stubs.await(r -> r.path().equals("/slack/" + lead.repId())
                && r.body().contains(lead.lastName()), WAIT);
        StubEndpoints.Received teams = stubs.await(r -> r.path().equals("/teams/" + lead.repId())
                && r.body().contains(lead.lastName()), WAIT);
        StubEndpoints.Received ses = stubs.await(r -> r.path().equals("/ses/v2/email/outbound-emails")
                && r.body().contains(lead.lastName()), WAIT);
        StubEndpoints.Received hook = webhook(lead, "ASSIGNED");
        for (StubEndpoints.Received received : List.of(slack, teams, ses, hook)) {
            assertTrue(Duration.between(assignedAt, received.at()).compareTo(Duration.ofSeconds(1)) <= 0,
                    received.path() + " reached " + Duration.between(assignedAt, received.at()) + " after the assignment");
        }

        JsonNode slackBody = Json.parse(slack.body());
        assertTrue(slackBody.path("text").asText().contains(lead.lastName()));
        assertEquals("actions", slackBody.path("blocks").get(2).path("type").asText());
        assertTrue(slackBody.path("blocks").get(2).path("elements").get(0).path("url").asText()
                .startsWith(stack.apiUrl() + "/links/"));

        JsonNode card = Json.parse(teams.body()).path("attachments").get(0);
        assertEquals("application/vnd.microsoft.card.adaptive", card.path("contentType").asText());
        assertEquals("Action.OpenUrl", card.path("content").path("actions").get(0).path("type").asText());

        JsonNode email = Json.parse(ses.body());
        assertEquals(LocalStack.LOCAL_SENDER_EMAIL, email.path("FromEmailAddress").asText());
        assertEquals(lead.repId() + "@example.com", email.path("Destination").path("ToAddresses").get(0).asText());
        JsonNode simple = email.path("Content").path("Simple");
        assertTrue(simple.path("Subject").path("Data").asText().contains("Souza Logistica"));
        assertTrue(simple.path("Body").path("Text").path("Data").asText().contains("/links/"));
        assertTrue(simple.path("Body").path("Html").path("Data").asText().contains("Accept"));

        assertEquals(Hmac.signatureHeader(SECRET, hook.body().getBytes(StandardCharsets.UTF_8)),
                hook.header("X-LeadRouter-Signature"), "signed with the settings' webhookSecret");
        JsonNode event = Json.parse(hook.body());
        assertEquals(lead.repId(), event.path("repId").asText());
        assertEquals(lead.assignedAt(), event.path("at").asText());
        assertTrue(event.path("why").asText().contains("turn in team handoff"), event.path("why").asText());
        assertFalse(hook.body().contains("souza-logistica.example"), "no email address in a notification");
    }

    @Test
    void theAcceptLinkShowsAPageOnGetAndAcceptsOnceOnPost() {
        Posted lead = postLead("Accepting");
        JsonNode event = Json.parse(webhook(lead, "ASSIGNED").body());
        String accept = event.path("acceptUrl").asText();
        String decline = event.path("declineUrl").asText();
        JsonNode before = api.awaitStatus(lead.leadId(), "ASSIGNED", WAIT);

        for (int preview = 0; preview < 3; preview++) { // link previews and mail scanners fetch the page
            HttpResponse<String> page = send("GET", accept);
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("<form method=\"post\">") && page.body().contains("Accept lead"));
        }
        JsonNode untouched = api.awaitStatus(lead.leadId(), "ASSIGNED", WAIT);
        assertEquals(before.path("history"), untouched.path("history"), "GET changed nothing");
        assertEquals(before.path("updatedAt"), untouched.path("updatedAt"));

        assertEquals(200, send("POST", accept).statusCode());
        JsonNode accepted = api.awaitStatus(lead.leadId(), "ACCEPTED", WAIT);
        assertEquals("by " + lead.repId(), TestLeads.history(accepted, "ACCEPTED").get(0).path("detail").asText(),
                "recorded as the rep's act, as POST /leads/{id}/accept records it");
        assertEquals(410, send("POST", accept).statusCode(), "single use");
        assertEquals(410, send("GET", accept).statusCode());
        assertEquals(410, send("POST", decline).statusCode(), "both links of an assignment are spent by one use");
        assertEquals("ACCEPTED", api.awaitStatus(lead.leadId(), "ACCEPTED", WAIT).path("status").asText());

        JsonNode acceptedEvent = Json.parse(webhook(lead, "ACCEPTED").body());
        assertEquals(lead.assignedAt(), acceptedEvent.path("assignedAt").asText());
        assertTrue(acceptedEvent.path("at").isTextual());

        assertEquals(200, api.postAuthenticated("/leads/" + lead.leadId() + "/close", "{\"outcome\":\"WON\"}")
                .statusCode());
        webhook(lead, "CLOSED");
    }

    @Test
    void theDeclineLinkReroutesTheLeadToAnotherRepNeverBack() {
        Posted lead = postLead("Declining");
        int openBefore = TestOrg.openLeads(stack, lead.repId());
        String decline = Json.parse(webhook(lead, "ASSIGNED").body()).path("declineUrl").asText();
        assertTrue(send("GET", decline).body().contains("Decline lead"));

        assertEquals(200, send("POST", decline).statusCode());
        JsonNode moved = awaitRep(lead.leadId(), rep -> !rep.equals(lead.repId()));
        String next = moved.path("assignment").path("repId").asText();
        assertNotEquals(lead.repId(), next);
        assertEquals(lead.repId(), moved.path("assignment").path("previousRepId").asText());
        assertEquals("DECLINED", moved.path("assignment").path("reason").asText());
        assertEquals("declined by " + lead.repId(), TestLeads.history(moved, "DECLINED").get(0).path("detail").asText());
        assertEquals(openBefore - 1, TestOrg.openLeads(stack, lead.repId()), "the decliner's capacity freed once");
        assertEquals(410, send("POST", decline).statusCode());

        webhook(lead, "DECLINED");
        Posted reassigned = new Posted(lead.leadId(), next, moved.path("assignment").path("assignedAt").asText(),
                lead.lastName());
        JsonNode event = Json.parse(webhook(reassigned, "REASSIGNED").body());
        assertEquals(lead.repId(), event.path("previousRepId").asText());
        assertEquals("DECLINED", event.path("reason").asText());
        stubs.await(r -> r.path().equals("/slack/" + next) && r.body().contains(lead.lastName()), WAIT);

        // The same decline again (a redelivered or repeated message) re-routes nothing and frees nothing twice.
        int nextOpen = TestOrg.openLeads(stack, next);
        int declinerOpen = TestOrg.openLeads(stack, lead.repId());
        stack.sqs().sendMessage(r -> r.queueUrl(stack.config().routingQueueUrl()).messageBody(Json.write(
                LeadMessage.decline(lead.leadId(), lead.assignedAt(), lead.repId()))));
        Awaitility.await("the repeated decline is consumed").atMost(WAIT)
                .until(() -> TestLeads.pendingMessages(stack.sqs(), stack.config().routingQueueUrl()) == 0);
        JsonNode after = api.awaitStatus(lead.leadId(), "ASSIGNED", WAIT);
        assertEquals(moved.path("assignment"), after.path("assignment"));
        assertEquals(nextOpen, TestOrg.openLeads(stack, next));
        assertEquals(declinerOpen, TestOrg.openLeads(stack, lead.repId()));
    }

    @Test
    void aMissedSlaIsAnEventForTheRepWhoMissedItAndAReassignmentForTheNext() {
        setSlaSeconds(2);
        try {
            Posted lead = postLead("Missed");
            JsonNode moved = awaitRep(lead.leadId(), rep -> !rep.equals(lead.repId()));
            assertEquals("SLA_MISSED", moved.path("assignment").path("reason").asText());
            JsonNode missed = Json.parse(webhook(lead, "SLA_MISSED").body());
            assertEquals(lead.assignedAt(), missed.path("assignedAt").asText());
            Posted next = new Posted(lead.leadId(), moved.path("assignment").path("repId").asText(),
                    moved.path("assignment").path("assignedAt").asText(), lead.lastName());
            JsonNode reassigned = Json.parse(webhook(next, "REASSIGNED").body());
            assertEquals(lead.repId(), reassigned.path("previousRepId").asText());
            assertEquals("SLA_MISSED", reassigned.path("reason").asText());
            assertTrue(reassigned.path("why").asText().endsWith("after " + lead.repId() + " did not accept it in time."));
        } finally {
            setSlaSeconds(SLA_SECONDS);
        }
    }

    private static void setSlaSeconds(int seconds) {
        stack.dynamoDb().updateItem(r -> r.tableName(stack.config().rulesTable())
                .key(Map.of("ruleId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("settings")))
                .updateExpression("SET slaSeconds = :s")
                .expressionAttributeValues(Map.of(":s",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(Integer.toString(seconds)))));
    }

    private static JsonNode awaitRep(String leadId, java.util.function.Predicate<String> rep) {
        return Awaitility.await("lead " + leadId + " re-routed").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> Json.parse(api.getAuthenticated("/leads/" + leadId).body()),
                        lead -> "ASSIGNED".equals(lead.path("status").asText())
                                && rep.test(lead.path("assignment").path("repId").asText()));
    }

    @Test
    void linksExpireWithTheSlaAndForgedLinksAreRefused() {
        Posted lead = postLead("Expiring");
        String accept = Json.parse(webhook(lead, "ASSIGNED").body()).path("acceptUrl").asText();
        String path = URI.create(accept).getRawPath();
        LeadApiHandler now = linkHandler(Clock.systemUTC());
        LeadApiHandler afterSla = linkHandler(Clock.fixed(Instant.parse(lead.assignedAt()).plusSeconds(SLA_SECONDS),
                java.time.ZoneOffset.UTC));
        assertEquals(200, now.handleRequest(event("GET", path), null).getStatusCode());
        assertEquals(410, afterSla.handleRequest(event("GET", path), null).getStatusCode());
        assertEquals(410, afterSla.handleRequest(event("POST", path), null).getStatusCode());
        assertEquals("ASSIGNED", api.awaitStatus(lead.leadId(), "ASSIGNED", WAIT).path("status").asText(),
                "an expired link changes nothing");

        String forged = path.substring(0, path.length() - 3) + (path.endsWith("A") ? "BBB" : "AAA");
        assertEquals(404, send("GET", stack.apiUrl() + forged).statusCode());
        assertEquals(404, send("POST", stack.apiUrl() + forged).statusCode());
    }

    private static LeadApiHandler linkHandler(Clock clock) {
        return new LeadApiHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), stack.handOffConfig(), clock);
    }

    private static APIGatewayV2HTTPEvent event(String method, String path) {
        return APIGatewayV2HTTPEvent.builder().withRawPath(path).withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(APIGatewayV2HTTPEvent.RequestContext.Http
                        .builder().withMethod(method).withPath(path).build()).build()).build();
    }

    @Test
    void aRedeliveredNotificationSendsNothingTwice() {
        Posted lead = postLead("Redelivered");
        webhook(lead, "ASSIGNED");
        stubs.await(r -> r.path().equals("/ses/v2/email/outbound-emails") && r.body().contains(lead.lastName()), WAIT);
        stubs.await(r -> r.path().startsWith("/slack/") && r.body().contains(lead.lastName()), WAIT);
        stubs.await(r -> r.path().startsWith("/teams/") && r.body().contains(lead.lastName()), WAIT);
        int before = stubs.received(r -> r.body().contains(lead.lastName()) || r.body().contains(lead.leadId())).size();

        NotificationHandler handler = new NotificationHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), null, stack.config(),
                stack.handOffConfig(), Clock.systemUTC());
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("redelivery");
        message.setBody(Json.write(new HandOffMessage(HandOffMessage.ASSIGNED, lead.leadId(), lead.repId(),
                lead.assignedAt(), lead.assignedAt(), null, null, null, null, 0)));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message, message));
        for (int delivery = 0; delivery < 3; delivery++) {
            assertTrue(handler.handleRequest(event, null).getBatchItemFailures().isEmpty());
        }
        // The handler answers once its deliveries are done: whatever a redelivery sent has arrived by now.
        assertEquals(before, stubs.received(r -> r.body().contains(lead.lastName()) || r.body().contains(lead.leadId())).size(),
                "one message per assignment per channel");
    }

    @Test
    void aChannelThatHangsDelaysNoOtherChannel() {
        stubs.answer("/teams/", 200, "{}", Duration.ofSeconds(8));
        try {
            Posted lead = postLead("Hanging");
            StubEndpoints.Received slack = stubs.await(r -> r.path().equals("/slack/" + lead.repId())
                    && r.body().contains(lead.lastName()), WAIT);
            assertTrue(Duration.between(Instant.parse(lead.assignedAt()), slack.at()).compareTo(Duration.ofSeconds(1)) <= 0,
                    "slack waited for teams");
            webhook(lead, "ASSIGNED");
        } finally {
            stubs.answer("/teams/", 200, "{}", Duration.ZERO);
        }
    }

    @Test
    void salesforceAndHubSpotImportsGetTheirOwnerWrittenBack() {
        String salesforceId = "00Q" + UUID.randomUUID().toString().substring(0, 8);
        importRecord("salesforce", """
                {"Id": "%s", "FirstName": "Ada", "LastName": "Lovelace", "Company": "Analytical Engines",
                 "Email": "%s", "CountryCode": "GB"}""".formatted(salesforceId,
                TestLeads.uniqueEmail("ada", "engines.example")));
        StubEndpoints.Received patch = stubs.await(r -> r.path().equals(
                "/sf/services/data/v60.0/sobjects/Lead/" + salesforceId), WAIT);
        assertEquals("PATCH", patch.method());
        assertEquals("Bearer sf-token", patch.header("Authorization"));
        String owner = Json.parse(patch.body()).path("OwnerId").asText();
        assertTrue(owner.equals("005ANNA") || owner.equals("005LUKAS"), patch.body());
        awaitHistory(salesforceId, "OWNER_WRITTEN_BACK");

        String hubspotId = Integer.toString(100000 + SEQUENCE.incrementAndGet());
        importRecord("hubspot", """
                {"id": "%s", "properties": {"email": "%s", "firstname": "Grace", "lastname": "Hopper",
                 "company": "Compilers Inc", "country": "US"}}""".formatted(hubspotId,
                TestLeads.uniqueEmail("grace", "compilers.example")));
        StubEndpoints.Received hubspot = stubs.await(r -> r.path().equals("/hs/crm/v3/objects/contacts/" + hubspotId),
                WAIT);
        assertEquals("PATCH", hubspot.method());
        assertEquals("Bearer hs-token", hubspot.header("Authorization"));
        String hubspotOwner = Json.parse(hubspot.body()).path("properties").path("hubspot_owner_id").asText();
        assertTrue(hubspotOwner.equals("101") || hubspotOwner.equals("102"), hubspot.body());
        awaitHistory(hubspotId, "OWNER_WRITTEN_BACK");
    }

    @Test
    void aCrmThatRefusesTheOwnerEndsInTheDeadLetterQueueWithItsAnswer() {
        importRecord("salesforce", """
                {"Id": "00QGONE", "LastName": "Gone", "Company": "Vanished Ltd", "Email": "%s", "CountryCode": "FR"}"""
                .formatted(TestLeads.uniqueEmail("gone", "vanished.example")));
        Lead lead = awaitHistory("00QGONE", "OWNER_WRITE_BACK_FAILED");
        assertTrue(lead.history.stream().anyMatch(h -> h.detail().contains("NOT_FOUND")));
        assertEquals("ASSIGNED", lead.status.name(), "a failed write-back undoes no assignment");
        String dlq = stack.handOffConfig().notificationsDlqUrl();
        Message deadLetter = Awaitility.await("a dead-lettered write-back").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10)
                                .messageAttributeNames("All").waitTimeSeconds(1)).messages().stream()
                                .filter(message -> message.body().contains(lead.leadId)
                                        && message.messageAttributes().containsKey("response"))
                                .findFirst(), Optional::isPresent).orElseThrow();
        Map<String, MessageAttributeValue> attributes = deadLetter.messageAttributes();
        assertEquals("salesforce", attributes.get("channel").stringValue());
        assertTrue(attributes.get("response").stringValue().startsWith("HTTP 404"));
        assertTrue(attributes.get("response").stringValue().contains("NOT_FOUND"));
    }

    @Test
    void aCrmThatIsDownIsRetriedWithBackOffUntilItAnswers() {
        String id = "00QLATE" + SEQUENCE.incrementAndGet();
        String path = "/sf/services/data/v60.0/sobjects/Lead/" + id;
        stubs.answer(path, 503, "{\"message\":\"maintenance\"}", Duration.ZERO);
        importRecord("salesforce", """
                {"Id": "%s", "LastName": "Later", "Company": "Patience Ltd", "Email": "%s", "CountryCode": "NL"}"""
                .formatted(id, TestLeads.uniqueEmail("later", "patience.example")));
        StubEndpoints.Received refused = stubs.await(r -> r.path().equals(path), WAIT);
        stubs.answer(path, 204, "", Duration.ZERO);
        StubEndpoints.Received retried = stubs.await(r -> r.path().equals(path) && r.at().isAfter(refused.at()), WAIT);
        assertTrue(Duration.between(refused.at(), retried.at()).compareTo(Duration.ofMillis(4500)) >= 0,
                "retried after its back-off delay, not at once");
        Lead lead = awaitHistory(id, "OWNER_WRITTEN_BACK");
        assertEquals(1, lead.history.stream().filter(h -> h.event().equals("OWNER_WRITTEN_BACK")).count());
        assertEquals(2, stubs.received(r -> r.path().equals(path)).size());
    }

    private static void importRecord(String format, String record) {
        stack.sqs().sendMessage(r -> r.queueUrl(stack.config().crmImportQueueUrl()).messageBody(record)
                .messageAttributes(Map.of("format", MessageAttributeValue.builder().dataType("String")
                        .stringValue(format).build())));
    }

    private static Lead awaitHistory(String externalId, String event) {
        LeadStore leads = new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
        return Awaitility.await("lead " + externalId + " has " + event + " in its history").atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> leads.scanLeads(List.of("externalId", "history", "status")).stream()
                        .filter(lead -> externalId.equals(lead.externalId)
                                && lead.history.stream().anyMatch(entry -> event.equals(entry.event())))
                        .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static HttpResponse<String> send(String method, String url) {
        return ApiClient.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }
}
