package dev.leadrouter.local;

import static dev.leadrouter.local.TestLeads.history;
import static dev.leadrouter.local.TestLeads.leadId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /leads} and the CRM import queue through the shared stack's real HTTP API and consumers:
 * validation, cleansing, dedupe (also of simultaneous submissions), idempotency and external ids.
 */
@Tag("end-to-end")
class IntakeEndToEndTest extends OnSharedStack {
    private static final Duration PIPELINE = Duration.ofSeconds(30);
    private static final int SIMULTANEOUS = 10;

    @Test
    void aValidLeadIsReceivedAndThenAssigned() {
        HttpResponse<String> response = api.post("/leads", TestLeads.warmLead(
                TestLeads.uniqueEmail("ana", "souza-logistica.com.br")).toString());

        assertEquals(202, response.statusCode(), response.body());
        JsonNode body = Json.parse(response.body());
        assertEquals("RECEIVED", body.path("status").asText());
        JsonNode lead = api.awaitStatus(leadId(response), "ASSIGNED", PIPELINE);
        assertEquals("smb-inbound", lead.path("assignment").path("team").asText(), lead.toString());
    }

    @Test
    void everyInvalidFieldIsReportedByName() {
        ObjectNode body = Json.object();
        body.put("email", "not-an-email");
        body.put("source", "CARRIER_PIGEON");
        body.put("employees", -5);
        body.put("annualRevenue", -1);
        body.put("country", "Atlantis");
        body.putObject("attributes").putArray("tags");

        HttpResponse<String> response = api.post("/leads", body.toString());

        // Refused for want of a usable email or phone: every other problem is reported with it.
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(Set.of("email", "source", "employees", "annualRevenue", "country", "attributes.tags"),
                errorFields(response));
        assertEquals(Set.of("email"), errorFields(api.post("/leads", "{\"firstName\": \"Nobody\"}")));
    }

    @Test
    void bodiesThatAreNotALeadObjectAreRefusedWithTheContractStatus() {
        String tooLarge = "{\"email\": \"big@example.com\", \"message\": \"" + "x".repeat(33 * 1024) + "\"}";
        String lead = TestLeads.warmLead(TestLeads.uniqueEmail("plain", "example.com")).toString();

        assertStatus(413, api.post("/leads", tooLarge));
        assertStatus(415, api.post("/leads", lead, "content-type", "text/plain"));
        assertStatus(400, api.post("/leads", "[" + lead + "]"));
        assertStatus(400, api.post("/leads", "{\"email\": \"broken@example.com\""));
        assertStatus(400, api.post("/leads", ""));
    }

    @Test
    void theStoredLeadIsCleansed() {
        String email = TestLeads.uniqueEmail("Jane.Doe", "GMail.COM");
        String phone = TestLeads.uniqueBerlinPhone();
        ObjectNode body = TestLeads.coldLead("  " + email + " ");
        body.put("phone", phone.replace("+49 30 ", "030 "));
        body.put("country", "Germany");
        body.put("firstName", "  Jane   Marie ");
        body.putObject("campaign").put("utmSource", "newsletter").put("utmCampaign", "winter");

        HttpResponse<String> response = api.post("/leads", body.toString());

        assertEquals(202, response.statusCode(), response.body());
        JsonNode lead = Json.parse(api.getAuthenticated("/leads/" + leadId(response)).body());
        assertEquals(email.toLowerCase(), lead.path("email").asText());
        assertEquals(TestLeads.e164(phone), lead.path("phone").asText());
        assertEquals("DE", lead.path("country").asText());
        assertEquals("gmail.com", lead.path("emailDomain").asText());
        assertTrue(lead.path("freeMail").asBoolean(), lead.toString());
        assertEquals("Jane Marie", lead.path("firstName").asText());
        assertEquals("newsletter", lead.path("campaign").path("utmSource").asText());
    }

    @Test
    void theSameEmailAgainIsATouchpointOfTheOpenLeadAndIsNotRoutedAgain() {
        String email = TestLeads.uniqueEmail("repeat", "souza-logistica.com.br");
        HttpResponse<String> first = api.post("/leads", TestLeads.warmLead(email).toString());
        String leadId = leadId(first);
        // Once while the first is still on its way, once after it was assigned, in another spelling.
        HttpResponse<String> early = api.post("/leads", TestLeads.warmLead(email).toString());
        api.awaitStatus(leadId, "ASSIGNED", PIPELINE);
        ObjectNode later = TestLeads.warmLead(" " + email.toUpperCase() + " ");
        later.put("message", "second visit");
        HttpResponse<String> late = api.post("/leads", later.toString());

        assertEquals(202, first.statusCode(), first.body());
        for (HttpResponse<String> duplicate : List.of(early, late)) {
            assertEquals(200, duplicate.statusCode(), duplicate.body());
            assertEquals(duplicateOf(leadId), Json.parse(duplicate.body()));
        }
        awaitPipelineIdle();
        JsonNode lead = api.awaitStatus(leadId, "ASSIGNED", PIPELINE);
        assertEquals(2, lead.path("touchpoints").size(), lead.toString());
        assertEquals("second visit", lead.path("touchpoints").path(1).path("message").asText());
        assertEquals(1, history(lead, "ASSIGNED").size(), lead.path("history").toString());
    }

    @Test
    void withoutAnEmailTheSamePhoneIsADuplicate() {
        String phone = TestLeads.uniqueBerlinPhone();
        ObjectNode first = Json.object().put("phone", phone).put("country", "DE").put("firstName", "Phone");
        ObjectNode again = Json.object().put("phone", phone.replace("+49 30 ", "030/")).put("country", "Germany");

        HttpResponse<String> created = api.post("/leads", first.toString());
        HttpResponse<String> duplicate = api.post("/leads", again.toString());

        assertEquals(202, created.statusCode(), created.body());
        assertEquals(200, duplicate.statusCode(), duplicate.body());
        assertEquals(duplicateOf(leadId(created)), Json.parse(duplicate.body()));
    }

    @Test
    void afterTheLeadIsClosedTheSameEmailStartsANewLeadThatHoldsItsPhoneToo() {
        String email = TestLeads.uniqueEmail("returning", "souza-logistica.com.br");
        String phone = TestLeads.uniqueBerlinPhone();
        String body = TestLeads.warmLead(email).put("phone", phone).toString();
        String first = leadId(api.post("/leads", body));
        api.awaitStatus(first, "ASSIGNED", PIPELINE);
        HttpResponse<String> closed = api.postAuthenticated("/leads/" + first + "/close", "{\"outcome\": \"LOST\"}");
        assertEquals(200, closed.statusCode(), closed.body());

        HttpResponse<String> again = api.post("/leads", body);

        assertEquals(202, again.statusCode(), again.body());
        assertNotEquals(first, leadId(again));
        api.awaitStatus(leadId(again), "ASSIGNED", PIPELINE);
        HttpResponse<String> byPhone = api.post("/leads", Json.object().put("phone", phone).put("country", "DE").toString());
        assertEquals(duplicateOf(leadId(again)), Json.parse(byPhone.body()));
    }

    @Test
    void simultaneousIdenticalSubmissionsMakeOneLead() throws Exception {
        String body = TestLeads.coldLead(TestLeads.uniqueEmail("rush", "gmail.com")).toString();

        List<HttpResponse<String>> responses = simultaneously(() -> api.post("/leads", body));

        List<HttpResponse<String>> created = responses.stream().filter(r -> r.statusCode() == 202).toList();
        assertEquals(1, created.size(), statuses(responses));
        String leadId = leadId(created.getFirst());
        for (HttpResponse<String> response : responses) {
            if (response != created.getFirst()) {
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(duplicateOf(leadId), Json.parse(response.body()));
            }
        }
        JsonNode lead = api.awaitStatus(leadId, "NURTURE", PIPELINE);
        assertEquals(SIMULTANEOUS - 1, lead.path("touchpoints").size(), lead.toString());
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameAnswerAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        String email = TestLeads.uniqueEmail("idem", "gmail.com");
        HttpResponse<String> first = api.post("/leads", TestLeads.coldLead(email).toString(), "Idempotency-Key", key);
        HttpResponse<String> retry = api.post("/leads", TestLeads.coldLead(email).toString(), "Idempotency-Key", key);
        // The same key with a different body is refused: it is no retry.
        String otherEmail = TestLeads.uniqueEmail("idem-other", "gmail.com");
        HttpResponse<String> reused = api.post("/leads", TestLeads.coldLead(otherEmail).toString(),
                "Idempotency-Key", key);

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(first.statusCode(), retry.statusCode());
        assertEquals(Json.parse(first.body()), Json.parse(retry.body()));
        assertEquals(422, reused.statusCode(), reused.body());
        JsonNode lead = api.awaitStatus(leadId(first), "NURTURE", PIPELINE);
        assertEquals(0, lead.path("touchpoints").size(), lead.toString());
        assertEquals(202, api.post("/leads", TestLeads.coldLead(otherEmail).toString()).statusCode(),
                "the reused key stored no lead for the other email");
    }

    @Test
    void simultaneousRetriesWithTheSameIdempotencyKeyAllGetTheFirstAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        String email = TestLeads.uniqueEmail("idem-rush", "gmail.com");
        String body = TestLeads.coldLead(email).toString();

        List<HttpResponse<String>> responses = simultaneously(() -> api.post("/leads", body, "Idempotency-Key", key));

        JsonNode answer = Json.parse(responses.getFirst().body());
        for (HttpResponse<String> response : responses) {
            assertEquals(202, response.statusCode(), statuses(responses));
            assertEquals(answer, Json.parse(response.body()));
        }
        String leadId = answer.path("leadId").asText();
        JsonNode lead = api.awaitStatus(leadId, "NURTURE", PIPELINE);
        assertEquals(0, lead.path("touchpoints").size(), lead.toString());
        HttpResponse<String> withoutKey = api.post("/leads", body);
        assertEquals(200, withoutKey.statusCode(), withoutKey.body());
        assertEquals(duplicateOf(leadId), Json.parse(withoutKey.body()));
    }

    @Test
    void theSameCrmExternalIdTwiceMakesOneLead() {
        Config config = stack.config();
        String externalId = "crm-" + UUID.randomUUID();
        List<String> emails = List.of(TestLeads.uniqueEmail("crm-a", "gmail.com"), TestLeads.uniqueEmail("crm-b", "gmail.com"));
        for (String email : emails) {
            String message = TestLeads.coldLead(email).put("externalId", externalId).toString();
            stack.sqs().sendMessage(r -> r.queueUrl(config.crmImportQueueUrl()).messageBody(message));
        }
        Awaitility.await("the CRM import queue is consumed").atMost(PIPELINE)
                .until(() -> TestLeads.pendingMessages(stack.sqs(), config.crmImportQueueUrl()) == 0);

        // Whichever record won made the lead; the other made nothing, so its email is still new.
        List<HttpResponse<String>> answers = emails.stream()
                .map(email -> api.post("/leads", TestLeads.coldLead(email).toString())).toList();

        assertEquals(Set.of(200, 202), Set.of(answers.get(0).statusCode(), answers.get(1).statusCode()), statuses(answers));
        HttpResponse<String> duplicate = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
        JsonNode crmLead = Json.parse(api.getAuthenticated("/leads/" + leadId(duplicate)).body());
        assertEquals(externalId, crmLead.path("externalId").asText());
        assertEquals("CRM_IMPORT", crmLead.path("source").asText());
    }

    /** Runs {@code request} on {@value #SIMULTANEOUS} threads released at the same instant. */
    private static List<HttpResponse<String>> simultaneously(Supplier<HttpResponse<String>> request) throws Exception {
        CountDownLatch ready = new CountDownLatch(SIMULTANEOUS);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(SIMULTANEOUS)) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < SIMULTANEOUS; i++) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    assertTrue(go.await(10, TimeUnit.SECONDS), "released");
                    return request.get();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        }
    }

    /** Waits until the shared stack's qualification and routing queues hold nothing to deliver or in flight. */
    private static void awaitPipelineIdle() {
        Config config = stack.config();
        Awaitility.await("the qualification and routing queues are empty").atMost(PIPELINE)
                .until(() -> TestLeads.pendingMessages(stack.sqs(), config.qualificationQueueUrl()) == 0
                        && TestLeads.pendingMessages(stack.sqs(), config.routingQueueUrl()) == 0);
    }

    private static JsonNode duplicateOf(String leadId) {
        return Json.object().put("leadId", leadId).put("duplicate", true);
    }

    private static Set<String> errorFields(HttpResponse<String> response) {
        Set<String> fields = new HashSet<>();
        Json.parse(response.body()).path("errors").forEach(error -> fields.add(error.path("field").asText()));
        return fields;
    }

    private static void assertStatus(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(Json.parse(response.body()).path("errors").size() > 0, response.body());
    }

    private static String statuses(List<HttpResponse<String>> responses) {
        return responses.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString();
    }
}
