package dev.leadrouter.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.handoff.ActionLinks;
import dev.leadrouter.http.ApiRequest;
import dev.leadrouter.http.HttpResponses;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.queue.Queues;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RuleWarnings;
import dev.leadrouter.routing.RepValidator;
import dev.leadrouter.store.AccountStore;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import dev.leadrouter.store.RuleStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The authenticated routes (the API's authorizer, or the local stack's bearer check, runs first):
 * lead view, accept, close, routing simulation, rule and rep validation, stats.
 */
public class LeadApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.of(LeadApiHandler.class);
    private static final Pattern LEAD_PATH = Pattern.compile("/leads/([^/]+)(/accept|/close)?");

    private final LeadStore leads;
    private final RuleStore rules;
    private final RepStore reps;
    private final AccountStore accounts;
    private final LeadLifecycle lifecycle;
    /** The public accept and decline link pages; null when no link secret is configured. */
    private final LinkPages links;
    private final RoutingSimulation simulation;
    private final SqsClient sqs;
    private final Map<String, String> deadLetterQueues;

    public LeadApiHandler() {
        this(AwsClients.dynamoDb(), AwsClients.sqs(), Config.fromEnv(), HandOffConfig.fromEnv(System.getenv()),
                Clock.systemUTC());
    }

    /** Without hand-off: no lifecycle events, no action links. */
    public LeadApiHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, Clock clock) {
        this(dynamo, sqs, config, HandOffConfig.OFF, clock);
    }

    public LeadApiHandler(DynamoDbClient dynamo, SqsClient sqs, Config config, HandOffConfig handOff, Clock clock) {
        this.leads = new LeadStore(dynamo, config.leadsTable());
        this.rules = new RuleStore(dynamo, config.rulesTable());
        this.reps = new RepStore(dynamo, config.repsTable());
        this.accounts = new AccountStore(dynamo, config.accountsTable());
        this.sqs = sqs;
        this.deadLetterQueues = deadLetterQueues(config);
        Queues queues = new Queues(sqs);
        this.lifecycle = new LeadLifecycle(leads, reps,
                new ParkedLeads(leads, queues, config.routingQueueUrl()), queues, config.routingQueueUrl(),
                new HandOffEvents(queues, handOff.notificationsQueueUrl()), clock);
        this.links = handOff.linkSecret() == null ? null
                : new LinkPages(new ActionLinks(handOff.linkSecret()), leads, lifecycle, clock);
        this.simulation = RoutingSimulation.create(dynamo, config, clock);
    }

    /** The dead-letter queues of the consumed queues, by queue name suffix; those not configured are left out. */
    private static Map<String, String> deadLetterQueues(Config config) {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put(Config.Queue.CRM_IMPORT.suffix, config.crmImportDlqUrl());
        urls.put(Config.Queue.QUALIFICATION.suffix, config.qualificationDlqUrl());
        urls.put(Config.Queue.ROUTING.suffix, config.routingDlqUrl());
        urls.values().removeIf(url -> url == null || url.isBlank());
        return urls;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        ApiRequest request = new ApiRequest(event);
        String method = request.method();
        String path = request.path();
        try {
            if (path.startsWith(LinkPages.PATH_PREFIX)) {
                return links == null ? HttpResponses.error(404, "path", "action links are not configured")
                        : links.handle(method, path.substring(LinkPages.PATH_PREFIX.length()));
            }
            Matcher lead = LEAD_PATH.matcher(path);
            if (lead.matches()) {
                String leadId = lead.group(1);
                String action = lead.group(2);
                if (action == null && method.equals("GET")) {
                    return leads.get(leadId).map(found -> HttpResponses.json(200, view(found)))
                            .orElseGet(() -> notFound(leadId));
                }
                if (action != null && method.equals("POST")) {
                    return action.equals("/accept") ? accept(request, leadId) : close(request, leadId);
                }
            }
            return switch (method + " " + path) {
                case "POST /routing/simulate" -> simulate(request);
                case "GET /rules/validation" -> HttpResponses.json(200, rulesValidation());
                case "GET /reps/validation" -> HttpResponses.json(200,
                        RepValidator.report(reps.items(), accounts.items()));
                case "GET /stats" -> stats(request);
                default -> HttpResponses.error(404, "path", "no route " + method + " " + path);
            };
        } catch (RuntimeException e) {
            LOG.error("request failed", e, "route", method + " " + path);
            return HttpResponses.error(503, null, "temporarily unavailable; try again");
        }
    }

    private APIGatewayV2HTTPResponse accept(ApiRequest request, String leadId) {
        return withObjectBody(request, body -> {
            JsonNode repId = body.path("repId");
            if (!repId.isTextual() || repId.textValue().isBlank()) {
                return HttpResponses.error(400, "repId", "repId is required");
            }
            return answer(lifecycle.accept(leadId, repId.textValue()), leadId);
        });
    }

    private APIGatewayV2HTTPResponse close(ApiRequest request, String leadId) {
        return withObjectBody(request, body -> {
            JsonNode outcome = body.path("outcome");
            String value = outcome.isTextual() ? outcome.textValue().trim().toUpperCase(Locale.ROOT) : null;
            if (value == null || !LeadLifecycle.OUTCOMES.contains(value)) {
                return HttpResponses.error(400, "outcome", "outcome must be one of WON, LOST, DISQUALIFIED, DUPLICATE, OTHER");
            }
            return answer(lifecycle.close(leadId, value), leadId);
        });
    }

    private APIGatewayV2HTTPResponse simulate(ApiRequest request) {
        return withObjectBody(request, body -> {
            RoutingSimulation.Result result = simulation.simulate(body);
            return result.errors().isEmpty() ? HttpResponses.json(200, result.report())
                    : HttpResponses.errors(400, result.errors());
        });
    }

    private Map<String, Object> rulesValidation() {
        var items = rules.all();
        RuleSet compiled = RuleSet.compile(items);
        return Map.of("invalid", compiled.invalidRules(), "count", compiled.invalidRules().size(),
                "warnings", RuleWarnings.of(items, compiled, reps.all()));
    }

    private APIGatewayV2HTTPResponse stats(ApiRequest request) {
        String sinceText = request.query("since");
        Instant since = null;
        if (sinceText != null && !sinceText.isBlank()) {
            try {
                since = parseSince(sinceText.strip());
            } catch (DateTimeParseException e) {
                return HttpResponses.error(400, "since", "since must be an ISO date or instant, e.g. 2026-11-23 or "
                        + "2026-11-23T10:00:00Z");
            }
        }
        ObjectNode body = Json.tree(LeadStats.compute(leads.scanLeads(LeadStats.ATTRIBUTES), since));
        ObjectNode depths = body.putObject("deadLetterQueues");
        deadLetterQueues.forEach((name, url) -> depths.put(name, Integer.parseInt(sqs.getQueueAttributes(r -> r
                .queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))));
        return HttpResponses.json(200, body);
    }

    /** An instant, or a date meaning its start in UTC. */
    private static Instant parseSince(String text) {
        return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private APIGatewayV2HTTPResponse answer(LeadLifecycle.Result result, String leadId) {
        return switch (result) {
            case LeadLifecycle.Done done -> HttpResponses.json(200, view(done.lead()));
            case LeadLifecycle.NotFound ignored -> notFound(leadId);
            case LeadLifecycle.Conflict conflict -> HttpResponses.error(409, "repId", conflict.message());
        };
    }

    private APIGatewayV2HTTPResponse withObjectBody(ApiRequest request,
                                                    java.util.function.Function<JsonNode, APIGatewayV2HTTPResponse> action) {
        return switch (request.jsonBody()) {
            case ApiRequest.Rejected rejected -> rejected.response();
            case ApiRequest.Parsed parsed -> parsed.json().isObject() ? action.apply(parsed.json())
                    : HttpResponses.error(400, "body", "body must be a JSON object");
        };
    }

    private static APIGatewayV2HTTPResponse notFound(String leadId) {
        return HttpResponses.error(404, "leadId", "no lead " + leadId);
    }

    /** The lead as the API shows it: everything but the pipeline's bookkeeping. */
    static ObjectNode view(Lead lead) {
        ObjectNode view = Json.tree(lead);
        view.remove("version");
        view.remove("dueAt");
        view.remove("outputSent");
        return view;
    }
}
