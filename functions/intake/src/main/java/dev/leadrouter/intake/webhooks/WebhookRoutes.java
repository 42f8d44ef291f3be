package dev.leadrouter.intake.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Source;
import dev.leadrouter.http.ApiRequest;
import dev.leadrouter.http.HttpResponses;
import dev.leadrouter.intake.LeadIntake;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Publisher;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The native webhook routes. HubSpot and Google Ads leads go through the intake like {@code POST /leads} and
 * get its answers; Meta notifications carry ids only and are answered once they are queued for import.
 */
public class WebhookRoutes {
    private static final Log LOG = Log.of(WebhookRoutes.class);
    private static final Map<String, String> PLAIN_TEXT = Map.of("content-type", "text/plain; charset=utf-8",
            "x-content-type-options", "nosniff");
    private static final int MAX_CHALLENGE_LENGTH = 200;

    private final LeadIntake intake;
    private final Publisher publisher;
    private final Config config;

    public WebhookRoutes(LeadIntake intake, Publisher publisher, Config config) {
        this.intake = intake;
        this.publisher = publisher;
        this.config = config;
    }

    /**
     * {@code POST /webhooks/hubspot}. HubSpot retries a submission it could not deliver with the same body,
     * so without an {@code Idempotency-Key} header the body's digest is the key and a retry replays.
     */
    public APIGatewayV2HTTPResponse hubSpot(ApiRequest request) {
        return switch (request.jsonBody()) {
            case ApiRequest.Rejected rejected -> rejected.response();
            case ApiRequest.Parsed parsed -> {
                String header = request.header("idempotency-key");
                String key = header != null ? header : "hubspot:" + Signatures.sha256Hex(parsed.raw());
                yield submit(() -> HubSpotForm.toLead(parsed.json(), key));
            }
        };
    }

    /** {@code POST /webhooks/google-ads}: 401 unless {@code google_key} is the configured key. */
    public APIGatewayV2HTTPResponse googleAds(ApiRequest request) {
        return switch (request.jsonBody()) {
            case ApiRequest.Rejected rejected -> rejected.response();
            case ApiRequest.Parsed parsed when !GoogleAdsLead.keyMatches(parsed.json(), config.googleAdsKey()) ->
                    HttpResponses.error(401, "google_key", "google_key is missing or wrong");
            case ApiRequest.Parsed parsed -> submit(() -> GoogleAdsLead.toLead(parsed.json()));
        };
    }

    /** {@code GET /webhooks/meta}: Meta's subscription handshake, answered with the challenge as plain text. */
    public APIGatewayV2HTTPResponse metaHandshake(ApiRequest request) {
        if (!Signatures.sameSecret(request.query("hub.verify_token"), config.metaVerifyToken())) {
            return HttpResponses.error(401, "hub.verify_token", "hub.verify_token is missing or wrong");
        }
        if (!"subscribe".equals(request.query("hub.mode"))) {
            return HttpResponses.error(400, "hub.mode", "hub.mode must be subscribe");
        }
        String challenge = request.query("hub.challenge");
        if (challenge == null || challenge.isEmpty() || challenge.length() > MAX_CHALLENGE_LENGTH) {
            return HttpResponses.error(400, "hub.challenge", "hub.challenge must be 1 to " + MAX_CHALLENGE_LENGTH + " characters");
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(PLAIN_TEXT).withBody(challenge).build();
    }

    /**
     * {@code POST /webhooks/meta}: verifies {@code X-Hub-Signature-256} over the raw body, then queues one
     * import message per leadgen change; 503 when queueing fails, so that Meta delivers again (the import
     * is idempotent on the leadgen id).
     */
    public APIGatewayV2HTTPResponse metaNotification(ApiRequest request) {
        if (!Signatures.metaSignatureValid(request.bodyBytes(), request.header("x-hub-signature-256"),
                config.metaAppSecret())) {
            return HttpResponses.error(401, "X-Hub-Signature-256", "X-Hub-Signature-256 is missing or does not verify");
        }
        return switch (request.jsonBody()) {
            case ApiRequest.Rejected rejected -> rejected.response();
            case ApiRequest.Parsed parsed -> queueImports(parsed.json());
        };
    }

    private APIGatewayV2HTTPResponse queueImports(JsonNode notification) {
        List<ObjectNode> messages;
        try {
            messages = MetaLeadgenNotification.importMessages(notification);
        } catch (MalformedPayload e) {
            return HttpResponses.errors(400, e.errors());
        }
        try {
            for (ObjectNode message : messages) {
                publisher.crmImport(message, MetaLeadImport.FORMAT);
            }
        } catch (RuntimeException e) {
            LOG.error("Meta leadgen notification not queued", e, "changes", messages.size());
            return HttpResponses.error(503, null, "temporarily unavailable; deliver the notification again");
        }
        LOG.info("Meta leadgen notification queued", "changes", messages.size());
        return HttpResponses.json(200, Map.of("queued", messages.size()));
    }

    /** Submits the mapped lead; its source is in the body, so the default source never applies. */
    private APIGatewayV2HTTPResponse submit(Supplier<MappedLead> mapping) {
        MappedLead lead;
        try {
            lead = mapping.get();
        } catch (MalformedPayload e) {
            return HttpResponses.errors(400, e.errors());
        }
        LeadIntake.Outcome outcome = intake.submit(lead.body(), Source.OTHER, false, lead.idempotencyKey(), lead::mark);
        return HttpResponses.json(outcome.status(), outcome.body());
    }
}
