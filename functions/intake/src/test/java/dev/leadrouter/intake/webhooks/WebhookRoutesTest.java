package dev.leadrouter.intake.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import dev.leadrouter.http.ApiRequest;
import dev.leadrouter.intake.LeadIntake;
import dev.leadrouter.json.Json;
import dev.leadrouter.testing.InMemoryTables;
import dev.leadrouter.testing.RecordingPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook routes with the intake and the queue replaced by recorders: authentication, shapes, answers. */
class WebhookRoutesTest {
    private static final String GOOGLE_KEY = "test-google-ads-key";
    private static final String META_SECRET = "meta-app-secret";
    private static final String VERIFY_TOKEN = "meta-verify-token";

    private record Submission(JsonNode body, String idempotencyKey, Lead lead) {
    }

    private final Config config = Config.local("http://localhost:9324/000000000000")
            .withWebhookSecrets(GOOGLE_KEY, META_SECRET, VERIFY_TOKEN, "token", null);
    private final List<Submission> submissions = new ArrayList<>();

    private final RecordingPublisher publisher = new RecordingPublisher();
    /** Records what the routes submit; the intake itself has tests of its own (LeadIntakeTest). */
    private final LeadIntake intake = new LeadIntake(new InMemoryTables(Clock.systemUTC()), publisher, config,
            Clock.systemUTC()) {
        @Override
        public Outcome submit(JsonNode body, Source defaultSource, boolean externalIdRequired, String idempotencyKey,
                              Consumer<Lead> adapt) {
            Lead lead = new Lead();
            adapt.accept(lead);
            submissions.add(new Submission(body, idempotencyKey, lead));
            return new Accepted("lead-" + submissions.size(), List.of());
        }
    };
    private final WebhookRoutes routes = new WebhookRoutes(intake, publisher, config);

    private static ApiRequest request(String body, Map<String, String> headers, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        Map<String, String> allHeaders = new HashMap<>(headers);
        allHeaders.put("content-type", "application/json");
        event.setHeaders(allHeaders);
        event.setQueryStringParameters(query);
        event.setBody(body);
        return new ApiRequest(event);
    }

    private static ApiRequest post(String body) {
        return request(body, Map.of(), null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.parse(response.getBody());
    }

    @Test
    void hubSpotAnswersLikePostLeadsAndAnIdenticalRetryUsesTheSameKey() {
        String body = Payloads.text("hubspot-form.json");

        APIGatewayV2HTTPResponse response = routes.hubSpot(post(body));
        routes.hubSpot(post(body));

        assertEquals(202, response.getStatusCode());
        assertEquals("RECEIVED", json(response).get("status").textValue());
        assertEquals("WEB_FORM", submissions.get(0).body().get("source").textValue());
        assertTrue(submissions.get(0).idempotencyKey().startsWith("hubspot:"));
        assertEquals(submissions.get(0).idempotencyKey(), submissions.get(1).idempotencyKey());
    }

    @Test
    void hubSpotTakesTheIdempotencyKeyHeaderWhenGiven() {
        routes.hubSpot(request(Payloads.text("hubspot-form.json"), Map.of("Idempotency-Key", "form-42"), null));

        assertEquals("form-42", submissions.get(0).idempotencyKey());
    }

    @Test
    void hubSpotRefusesAMalformedSubmissionNamingTheField() {
        APIGatewayV2HTTPResponse response = routes.hubSpot(post("{\"fields\": \"email=a@b.com\"}"));

        assertEquals(400, response.getStatusCode());
        assertEquals("fields", json(response).get("errors").get(0).get("field").textValue());
        assertTrue(submissions.isEmpty());
    }

    @Test
    void googleAdsRefusesAWrongOrMissingKey() {
        ObjectNode webhook = Payloads.json("google-ads-lead.json");
        webhook.put("google_key", "guess");
        APIGatewayV2HTTPResponse wrong = routes.googleAds(post(webhook.toString()));
        webhook.remove("google_key");
        APIGatewayV2HTTPResponse missing = routes.googleAds(post(webhook.toString()));

        assertEquals(401, wrong.getStatusCode());
        assertEquals("google_key", json(wrong).get("errors").get(0).get("field").textValue());
        assertEquals(401, missing.getStatusCode());
        assertTrue(submissions.isEmpty());
    }

    @Test
    void googleAdsIsRefusedWhenNoKeyIsConfigured() {
        WebhookRoutes unconfigured = new WebhookRoutes(intake, publisher,
                config.withWebhookSecrets(null, null, null, null, null));

        assertEquals(401, unconfigured.googleAds(post(Payloads.text("google-ads-lead.json"))).getStatusCode());
        assertEquals(401, unconfigured.metaNotification(post("{}")).getStatusCode());
        assertEquals(401, unconfigured.metaHandshake(request("", Map.of(),
                Map.of("hub.mode", "subscribe", "hub.verify_token", "", "hub.challenge", "1"))).getStatusCode());
    }

    @Test
    void googleAdsWithTheKeySubmitsAFlaggedTestLeadKeyedByLeadId() {
        APIGatewayV2HTTPResponse response = routes.googleAds(post(Payloads.text("google-ads-lead.json")));

        assertEquals(202, response.getStatusCode());
        Submission submission = submissions.get(0);
        assertTrue(submission.idempotencyKey().startsWith("google-ads:TeSter-123-"));
        assertEquals(Boolean.TRUE, submission.lead().test);
        assertEquals("true", Payloads.attribute(submission.body(), "isTest"));
    }

    @Test
    void googleAdsRefusesAMalformedPayloadOnlyOnceAuthenticated() {
        APIGatewayV2HTTPResponse response = routes.googleAds(post("{\"google_key\": \"" + GOOGLE_KEY
                + "\", \"lead_id\": \"L1\", \"user_column_data\": {}}"));

        assertEquals(400, response.getStatusCode());
        assertEquals("user_column_data", json(response).get("errors").get(0).get("field").textValue());
    }

    @Test
    void metaHandshakeEchoesTheChallengeForTheRightToken() {
        APIGatewayV2HTTPResponse response = routes.metaHandshake(request("", Map.of(),
                Map.of("hub.mode", "subscribe", "hub.verify_token", VERIFY_TOKEN, "hub.challenge", "1158201444")));

        assertEquals(200, response.getStatusCode());
        assertEquals("1158201444", response.getBody());
        assertTrue(response.getHeaders().get("content-type").startsWith("text/plain"));
    }

    @Test
    void metaHandshakeRefusesAWrongTokenOrMode() {
        assertEquals(401, routes.metaHandshake(request("", Map.of(),
                Map.of("hub.mode", "subscribe", "hub.verify_token", "guess", "hub.challenge", "1"))).getStatusCode());
        assertEquals(401, routes.metaHandshake(request("", Map.of(), null)).getStatusCode());
        assertEquals(400, routes.metaHandshake(request("", Map.of(),
                Map.of("hub.mode", "unsubscribe", "hub.verify_token", VERIFY_TOKEN, "hub.challenge", "1"))).getStatusCode());
    }

    @Test
    void aSignedMetaNotificationIsQueuedForImport() throws Exception {
        String body = Payloads.text("meta-leadgen-notification.json");
        String signature = SignaturesTest.sign(body.getBytes(StandardCharsets.UTF_8), META_SECRET);

        APIGatewayV2HTTPResponse response = routes.metaNotification(
                request(body, Map.of("X-Hub-Signature-256", signature), null));

        assertEquals(200, response.getStatusCode());
        assertEquals(1, json(response).get("queued").intValue());
        RecordingPublisher.Message message = publisher.sent().get(0);
        assertEquals(Config.Queue.CRM_IMPORT, message.queue());
        assertEquals(Map.of("format", "meta-leadgen"), message.attributes());
        assertEquals("1234567890123456", message.body().get("leadgen_id").textValue());
        assertTrue(submissions.isEmpty());
    }

    @Test
    void aMetaNotificationWithoutAValidSignatureIsRefused() throws Exception {
        String body = Payloads.text("meta-leadgen-notification.json");
        String otherSignature = SignaturesTest.sign(body.getBytes(StandardCharsets.UTF_8), "another-secret");

        APIGatewayV2HTTPResponse unsigned = routes.metaNotification(post(body));
        APIGatewayV2HTTPResponse wrong = routes.metaNotification(
                request(body, Map.of("X-Hub-Signature-256", otherSignature), null));

        assertEquals(401, unsigned.getStatusCode());
        assertEquals("X-Hub-Signature-256", json(unsigned).get("errors").get(0).get("field").textValue());
        assertEquals(401, wrong.getStatusCode());
        assertTrue(publisher.sent().isEmpty());
    }

    @Test
    void aSignedButMalformedMetaNotificationIsRefusedNamingTheField() throws Exception {
        String body = "{\"object\": \"page\", \"entry\": [{\"changes\": [{\"field\": \"leadgen\", \"value\": {}}]}]}";
        String signature = SignaturesTest.sign(body.getBytes(StandardCharsets.UTF_8), META_SECRET);

        APIGatewayV2HTTPResponse response = routes.metaNotification(
                request(body, Map.of("X-Hub-Signature-256", signature), null));

        assertEquals(400, response.getStatusCode());
        assertEquals("entry[0].changes[0].value.leadgen_id", json(response).get("errors").get(0).get("field").textValue());
        assertTrue(publisher.sent().isEmpty());
    }

    @Test
    void aMetaNotificationThatCannotBeQueuedAsksMetaToDeliverAgain() throws Exception {
        String body = Payloads.text("meta-leadgen-notification.json");
        String signature = SignaturesTest.sign(body.getBytes(StandardCharsets.UTF_8), META_SECRET);
        publisher.down(true);

        APIGatewayV2HTTPResponse response = routes.metaNotification(
                request(body, Map.of("X-Hub-Signature-256", signature), null));

        assertEquals(503, response.getStatusCode());
        assertNotNull(json(response).get("errors"));
    }
}
