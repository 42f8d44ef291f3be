package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The native lead sources end to end through the local stack: each platform's sample payload, made unique,
 * becomes an assigned lead; retries replay; Meta's answers come from the fake Graph API, whose outage is
 * retried without losing the lead.
 */
@Tag("end-to-end")
class WebhooksEndToEndTest extends OnSharedStack {
    private static final Duration PIPELINE = Duration.ofSeconds(30);
    private static final Path PAYLOADS = Path.of("../events/payloads");

    @Test
    void aHubSpotFormSubmissionIsAssignedAndAnIdenticalRetryReplays() {
        ObjectNode submission = payload("hubspot-form.json");
        for (JsonNode field : submission.get("fields")) {
            if (field.get("name").asText().equals("email")) {
                ((ObjectNode) field).put("value", unique("jane.doe") + "@acme-analytics.de");
            } else if (field.get("name").asText().equals("phone")) {
                ((ObjectNode) field).put("value", TestLeads.uniqueBerlinPhone()); // a phone alone is a dedupe key
            }
        }

        HttpResponse<String> first = api.post("/webhooks/hubspot", submission.toString());
        HttpResponse<String> retry = api.post("/webhooks/hubspot", submission.toString());

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(Json.parse(first.body()), Json.parse(retry.body()));
        JsonNode lead = api.awaitStatus(TestLeads.leadId(first), "ASSIGNED", PIPELINE);
        assertEquals("WEB_FORM", lead.path("source").asText());
        assertEquals(1000, lead.path("employees").asInt());
        assertEquals("Book a demo", lead.path("attributes").path("pageName").asText());
        assertEquals("linkedin", lead.path("campaign").path("utmSource").asText());
    }

    @Test
    void aGoogleAdsLeadIsAssignedOnceHoweverOftenGoogleSendsIt() {
        ObjectNode webhook = googleAdsLead(false);

        HttpResponse<String> first = api.post("/webhooks/google-ads", webhook.toString());
        HttpResponse<String> retry = api.post("/webhooks/google-ads", webhook.toString());

        assertEquals(202, first.statusCode(), first.body());
        assertEquals(Json.parse(first.body()), Json.parse(retry.body()));
        JsonNode lead = api.awaitStatus(TestLeads.leadId(first), "ASSIGNED", PIPELINE);
        assertEquals("SOCIAL", lead.path("source").asText());
        assertEquals("12345678901", lead.path("campaign").path("utmCampaign").asText());
        assertEquals("40000000000", lead.path("attributes").path("googleFormId").asText());
    }

    @Test
    void aGoogleAdsTestLeadIsRoutedOnPaperAndClosedWithoutTakingARep() {
        HttpResponse<String> response = api.post("/webhooks/google-ads", googleAdsLead(true).toString());

        assertEquals(202, response.statusCode(), response.body());
        JsonNode lead = api.awaitStatus(TestLeads.leadId(response), "CLOSED", PIPELINE);
        assertTrue(lead.path("assignment").isMissingNode() || lead.path("assignment").isNull(), lead.toString());
        assertEquals(List.of(), TestLeads.history(lead, "ASSIGNED"), lead.path("history").toString());
        JsonNode closed = lead.path("history").get(lead.path("history").size() - 1);
        assertEquals("CLOSED", closed.path("event").asText());
        assertTrue(closed.path("detail").asText().contains("test lead"), closed.toString());
        assertTrue(lead.path("trace").has("routing"), lead.path("trace").toString());
    }

    @Test
    void aGoogleAdsLeadWithoutTheKeyIsRefused() {
        ObjectNode webhook = payload("google-ads-lead.json");
        webhook.put("google_key", "guess");

        assertEquals(401, api.post("/webhooks/google-ads", webhook.toString()).statusCode());
    }

    @Test
    void metaAnswersTheHandshakeOnlyWithTheVerifyToken() {
        HttpResponse<String> handshake = api.get("/webhooks/meta?hub.mode=subscribe&hub.verify_token="
                + TestStack.META_VERIFY_TOKEN + "&hub.challenge=1158201444");
        assertEquals(200, handshake.statusCode());
        assertEquals("1158201444", handshake.body());

        assertEquals(401, api.get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1")
                .statusCode());
    }

    @Test
    void aMetaLeadIsFetchedFromGraphAndAssignedAndARedeliveryChangesNothing() {
        String leadgenId = uniqueDigits();
        TestStack.metaLeadAnswer(leadgenId, graphAnswer(leadgenId));
        String notification = notification(leadgenId);

        HttpResponse<String> delivered = postSigned(notification, TestStack.META_APP_SECRET);
        assertEquals(200, delivered.statusCode(), delivered.body());
        assertEquals(1, Json.parse(delivered.body()).path("queued").asInt());
        String leadId = awaitLeadFor(leadgenId);
        JsonNode lead = api.awaitStatus(leadId, "ASSIGNED", PIPELINE);
        assertEquals("SOCIAL", lead.path("source").asText());
        assertEquals(leadgenId, lead.path("externalId").asText());
        assertEquals("Analytics;Routing", lead.path("attributes").path("welche_produkte_interessieren_sie?").asText());

        assertEquals(200, postSigned(notification, TestStack.META_APP_SECRET).statusCode());
        awaitEmpty(stack.config().crmImportQueueUrl());
        JsonNode after = api.awaitStatus(leadId, "ASSIGNED", PIPELINE);
        assertEquals(lead.path("history"), after.path("history"));
        assertEquals(0, after.path("touchpoints").size());
    }

    @Test
    void aMetaNotificationWithAWrongSignatureIsRefused() {
        assertEquals(401, postSigned(notification(uniqueDigits()), "another-secret").statusCode());
    }

    @Test
    void aGraphOutageIsRetriedAndTheLeadArrivesOnceGraphIsBack() {
        String leadgenId = uniqueDigits();
        TestStack.metaLeadAnswer(leadgenId, "<html><body>502 Bad Gateway</body></html>");

        assertEquals(200, postSigned(notification(leadgenId), TestStack.META_APP_SECRET).statusCode());
        Awaitility.await("Graph is asked for the lead").atMost(PIPELINE)
                .until(() -> TestStack.metaLeadRequests(leadgenId) >= 1);
        assertFalse(leadFor(leadgenId).isPresent());
        TestStack.metaLeadAnswer(leadgenId, graphAnswer(leadgenId));

        api.awaitStatus(awaitLeadFor(leadgenId), "ASSIGNED", PIPELINE);
    }

    /** The sample Google Ads lead form webhook with its key, made unique. */
    private static ObjectNode googleAdsLead(boolean test) {
        ObjectNode webhook = payload("google-ads-lead.json");
        webhook.put("lead_id", unique("google-lead"));
        webhook.put("google_key", TestStack.GOOGLE_ADS_KEY);
        webhook.put("is_test", test);
        for (JsonNode column : webhook.get("user_column_data")) {
            if (column.get("column_id").asText().equals("EMAIL")) {
                ((ObjectNode) column).put("string_value", unique("marie.dubois") + "@photonique.fr");
            } else if (column.get("column_id").asText().equals("PHONE_NUMBER")) {
                ((ObjectNode) column).put("string_value", TestLeads.uniqueBerlinPhone()); // a phone alone is a dedupe key
            }
        }
        return webhook;
    }

    private static String graphAnswer(String leadgenId) {
        ObjectNode answer = payload("meta-graph-lead.json");
        answer.put("id", leadgenId);
        ArrayNode fields = (ArrayNode) answer.get("field_data");
        for (JsonNode field : fields) {
            ObjectNode value = (ObjectNode) field;
            switch (field.get("name").asText()) {
                case "email" -> value.set("values", Json.MAPPER.createArrayNode().add(unique("lukas.becker") + "@nordwerk.de"));
                case "job_title" -> value.set("values", Json.MAPPER.createArrayNode().add("VP Sales"));
                case "phone_number" -> value.set("values", Json.MAPPER.createArrayNode().add(TestLeads.uniqueBerlinPhone()));
                default -> {
                }
            }
        }
        return answer.toString();
    }

    private static String notification(String leadgenId) {
        ObjectNode notification = payload("meta-leadgen-notification.json");
        ((ObjectNode) notification.get("entry").get(0).get("changes").get(0).get("value")).put("leadgen_id", leadgenId);
        return notification.toString();
    }

    private static HttpResponse<String> postSigned(String body, String secret) {
        return api.post("/webhooks/meta", body, "X-Hub-Signature-256", "sha256=" + hmacSha256(body, secret));
    }

    private static String hmacSha256(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lead a Meta leadgen id became, through the external id's uniqueness claim. */
    private static Optional<String> leadFor(String leadgenId) {
        var item = stack.dynamoDb().getItem(r -> r.tableName(stack.config().leadsTable())
                .key(Map.of("leadId", AttributeValue.fromS("EXT#SOCIAL#" + leadgenId)))).item();
        return item == null || !item.containsKey("targetLeadId") ? Optional.empty()
                : Optional.of(item.get("targetLeadId").s());
    }

    private static String awaitLeadFor(String leadgenId) {
        Awaitility.await("a lead for Meta lead " + leadgenId).atMost(PIPELINE)
                .until(() -> leadFor(leadgenId).isPresent());
        return leadFor(leadgenId).orElseThrow();
    }

    private static void awaitEmpty(String queueUrl) {
        Awaitility.await(queueUrl + " is emptied").atMost(PIPELINE)
                .until(() -> TestLeads.pendingMessages(stack.sqs(), queueUrl) == 0);
    }

    private static ObjectNode payload(String name) {
        try {
            return (ObjectNode) Json.parse(Files.readString(PAYLOADS.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "." + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private static String uniqueDigits() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE));
    }
}
