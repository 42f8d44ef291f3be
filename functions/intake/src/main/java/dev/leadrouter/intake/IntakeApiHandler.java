package dev.leadrouter.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Source;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.http.ApiRequest;
import dev.leadrouter.http.HttpResponses;
import dev.leadrouter.intake.webhooks.WebhookRoutes;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Publisher;
import java.time.Clock;
import java.util.Map;

/** The public HTTP routes: {@code POST /leads}, {@code GET /health} and the native webhooks. */
public class IntakeApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.of(IntakeApiHandler.class);
    private final LeadIntake intake;
    private final WebhookRoutes webhooks;

    public IntakeApiHandler() {
        this(AwsPorts.fromEnvironment(), Config.fromEnv(), Clock.systemUTC());
    }

    public IntakeApiHandler(AwsPorts ports, Config config, Clock clock) {
        Publisher publisher = ports.publisher(config, HandOffConfig.OFF);
        this.intake = new LeadIntake(ports.leads(config), publisher, config, clock);
        this.webhooks = new WebhookRoutes(intake, publisher, config);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = new ApiRequest(event);
        try {
            return switch (request.method() + " " + request.path()) {
                case "POST /leads" -> postLead(request);
                case "GET /health" -> HttpResponses.json(200, Map.of("status", "ok"));
                case "POST /webhooks/hubspot" -> webhooks.hubSpot(request);
                case "POST /webhooks/google-ads" -> webhooks.googleAds(request);
                case "GET /webhooks/meta" -> webhooks.metaHandshake(request);
                case "POST /webhooks/meta" -> webhooks.metaNotification(request);
                default -> HttpResponses.error(404, "path", "no route " + request.method() + " " + request.path());
            };
        } catch (RuntimeException e) {
            LOG.error("request failed", e, "route", request.method() + " " + request.path());
            return HttpResponses.error(503, null, "temporarily unavailable; retry with the same Idempotency-Key");
        }
    }

    private APIGatewayV2HTTPResponse postLead(ApiRequest request) {
        return switch (request.jsonBody()) {
            case ApiRequest.Rejected rejected -> rejected.response();
            case ApiRequest.Parsed parsed -> respond(intake.submit(parsed.json(), Source.WEB_FORM, false,
                    request.header("idempotency-key")));
        };
    }

    static APIGatewayV2HTTPResponse respond(LeadIntake.Outcome outcome) {
        return HttpResponses.json(outcome.status(), outcome.body());
    }
}
