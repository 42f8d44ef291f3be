package dev.leadrouter.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.aws.AwsPorts;
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
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.port.Aggregates;
import dev.leadrouter.port.LeadList;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Placements;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.RuleSource;
import dev.leadrouter.routing.LeadRouter;
import dev.leadrouter.routing.RoutingPlanner;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RuleWarnings;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.routing.RepValidator;
import dev.leadrouter.stats.StatsKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The authenticated routes (the API's authorizer, or the local stack's bearer check, runs first):
 * lead view, list, accept, decline, close, reassign, rep offboarding, routing simulation, rule and rep
 * validation, stats. Who may do what is decided here from the token's claims ({@link Access}): a rep acts
 * on the leads they hold; every route not on one lead, nor the list, needs ops.
 */
public class LeadApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.of(LeadApiHandler.class);
    private static final Pattern LEAD_PATH = Pattern.compile("/leads/([^/]+)(/accept|/close|/decline|/reassign)?");
    private static final Pattern OFFBOARD_PATH = Pattern.compile("/reps/([^/]+)/offboard");

    private final Leads leads;
    private final RuleSource rules;
    private final RepRoster reps;
    private final Accounts accounts;
    private final LeadLifecycle lifecycle;
    private final LeadList listing;
    private final RepOffboarding offboarding;
    private final RepDirectory directory;
    /** The public accept and decline link pages; null when no link secret is configured. */
    private final LinkPages links;
    private final RoutingSimulation simulation;
    private final ToIntFunction<String> queueDepth;
    private final Map<String, String> deadLetterQueues;
    private final Aggregates stats;
    private final Clock clock;

    public LeadApiHandler() {
        this(AwsPorts.fromEnvironment(), Config.fromEnv(), HandOffConfig.fromEnv(System.getenv()), Clock.systemUTC());
    }

    /** Without hand-off: no lifecycle events, no action links. */
    public LeadApiHandler(AwsPorts ports, Config config, Clock clock) {
        this(ports, config, HandOffConfig.OFF, clock);
    }

    public LeadApiHandler(AwsPorts ports, Config config, HandOffConfig handOff, Clock clock) {
        this.leads = ports.leads(config);
        this.rules = ports.rules(config);
        this.reps = ports.reps(config);
        this.accounts = ports.accounts(config);
        this.queueDepth = ports::queueDepth;
        this.deadLetterQueues = deadLetterQueues(config);
        this.stats = ports.aggregates(config);
        this.clock = clock;
        Publisher publisher = ports.publisher(config, handOff);
        Placements placements = ports.placements(config);
        ParkedLeads parked = new ParkedLeads(leads, publisher);
        RoutingDecisions decisions = new RoutingDecisions(
                new RulesCache(rules::all, config.rulesCacheTtl(), clock), reps, accounts,
                new RoutingPlanner(new SecureRandom()));
        HandOffEvents handOffEvents = new HandOffEvents(publisher);
        LeadRouter router = new LeadRouter(leads, reps, placements, decisions, parked, publisher, handOffEvents, config,
                clock);
        this.lifecycle = new LeadLifecycle(leads, placements, reps, parked, router, handOffEvents,
                () -> decisions.rules().settings(), clock);
        this.listing = ports.leadList(config);
        this.offboarding = new RepOffboarding(leads, reps, router, decisions, clock);
        this.directory = new RepDirectory(reps, config.rulesCacheTtl(), clock);
        this.links = handOff.linkSecret() == null ? null
                : new LinkPages(new ActionLinks(handOff.linkSecret()), leads, lifecycle, clock);
        this.simulation = new RoutingSimulation(decisions, leads, clock);
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
            Access.Caller caller = caller(event);
            if (caller == null) {
                return HttpResponses.error(401, "authorization", "missing or invalid bearer token");
            }
            Matcher lead = LEAD_PATH.matcher(path);
            if (lead.matches() && (lead.group(2) == null ? method.equals("GET") : method.equals("POST"))) {
                return onLead(request, caller, lead.group(1), lead.group(2));
            }
            if (method.equals("GET") && path.equals("/leads")) {
                return list(request, caller);
            }
            // Everything else is for ops only, routes added later included.
            if (!Access.allows(caller, opsAction(method + " " + path), null)) {
                return forbidden();
            }
            Matcher offboard = OFFBOARD_PATH.matcher(path);
            if (offboard.matches() && method.equals("POST")) {
                return offboard(request, caller, offboard.group(1));
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

    /** The caller the authorizer's claims stand for; null when the event carries none. */
    private Access.Caller caller(APIGatewayV2HTTPEvent event) {
        var context = event == null ? null : event.getRequestContext();
        var jwt = context == null || context.getAuthorizer() == null ? null : context.getAuthorizer().getJwt();
        if (jwt == null || jwt.getClaims() == null || jwt.getClaims().isEmpty()) {
            return null;
        }
        return directory.caller(Access.identify(jwt.getClaims(), jwt.getScopes()));
    }

    /** A route on one lead: allowed for ops, or for the rep holding the lead. */
    private APIGatewayV2HTTPResponse onLead(ApiRequest request, Access.Caller caller, String leadId, String action) {
        Optional<Lead> found = leads.get(leadId);
        if (found.isEmpty()) {
            return notFound(leadId);
        }
        Lead lead = found.get();
        String holder = lead.assignment == null ? null : lead.assignment.repId();
        Access.Action wanted = action == null ? Access.Action.VIEW_LEAD : switch (action) {
            case "/accept" -> Access.Action.ACCEPT;
            case "/close" -> Access.Action.CLOSE;
            case "/decline" -> Access.Action.DECLINE;
            default -> Access.Action.REASSIGN;
        };
        if (!Access.allows(caller, wanted, holder)) {
            return forbidden();
        }
        return switch (wanted) {
            case VIEW_LEAD -> HttpResponses.json(200, view(lead));
            case ACCEPT -> accept(request, caller, lead);
            case CLOSE -> close(request, caller, lead);
            case DECLINE -> answer(lifecycle.decline(leadId, caller instanceof Access.Rep rep ? rep.repId() : holder,
                    caller.actor()), leadId, "repId");
            default -> reassign(request, caller, leadId);
        };
    }

    private APIGatewayV2HTTPResponse accept(ApiRequest request, Access.Caller caller, Lead lead) {
        return withOptionalObjectBody(request, body -> {
            JsonNode repId = body.path("repId");
            boolean named = repId.isTextual() && !repId.textValue().isBlank();
            if (caller instanceof Access.Rep rep) {
                if (named && !repId.textValue().equals(rep.repId())) {
                    return forbidden();
                }
                return answer(lifecycle.accept(lead, rep.repId(), caller.actor()), lead.leadId, "repId");
            }
            if (!named) {
                return HttpResponses.error(400, "repId", "repId is required");
            }
            return answer(lifecycle.accept(lead, repId.textValue(), caller.actor()), lead.leadId, "repId");
        });
    }

    private APIGatewayV2HTTPResponse close(ApiRequest request, Access.Caller caller, Lead lead) {
        return withObjectBody(request, body -> {
            JsonNode outcome = body.path("outcome");
            String value = outcome.isTextual() ? outcome.textValue().trim().toUpperCase(Locale.ROOT) : null;
            if (value == null || !LeadLifecycle.OUTCOMES.contains(value)) {
                return HttpResponses.error(400, "outcome", "outcome must be one of WON, LOST, DISQUALIFIED, DUPLICATE, OTHER");
            }
            return answer(lifecycle.close(lead, value, caller.actor()), lead.leadId, "status");
        });
    }

    private APIGatewayV2HTTPResponse reassign(ApiRequest request, Access.Caller caller, String leadId) {
        return withOptionalObjectBody(request, body -> {
            JsonNode repId = body.path("repId");
            if (!repId.isMissingNode() && !repId.isNull() && (!repId.isTextual() || repId.textValue().isBlank())) {
                return HttpResponses.error(400, "repId", "repId must be a rep id, or left out to re-route");
            }
            return answer(lifecycle.reassign(leadId, repId.isTextual() ? repId.textValue().trim() : null,
                    caller.actor()), leadId, "repId");
        });
    }

    private APIGatewayV2HTTPResponse list(ApiRequest request, Access.Caller caller) {
        if (!Access.allows(caller, Access.Action.LIST_LEADS, null)) {
            return forbidden();
        }
        String onlyRepId = null;
        if (caller instanceof Access.Rep rep) {
            String asked = request.query("repId");
            if (asked != null && !asked.isBlank() && !asked.trim().equals(rep.repId())) {
                return forbidden();
            }
            onlyRepId = rep.repId();
        }
        LeadList.Result result = listing.list(request::query, onlyRepId);
        return result.errors().isEmpty() ? HttpResponses.json(200, result.page())
                : HttpResponses.errors(400, result.errors());
    }

    private APIGatewayV2HTTPResponse offboard(ApiRequest request, Access.Caller caller, String repId) {
        return withObjectBody(request, body -> {
            JsonNode dryRun = body.path("dryRun");
            if (!dryRun.isBoolean()) {
                return HttpResponses.error(400, "dryRun", "dryRun must be true or false");
            }
            return offboarding.offboard(repId, dryRun.booleanValue(), caller.actor())
                    .map(result -> HttpResponses.json(200, result))
                    .orElseGet(() -> HttpResponses.error(404, "repId", "no rep " + repId));
        });
    }

    /** The action of a route not on one lead; a route not named here is ops-only like them. */
    private static Access.Action opsAction(String route) {
        return switch (route) {
            case "POST /routing/simulate" -> Access.Action.SIMULATE;
            case "GET /rules/validation" -> Access.Action.VALIDATE_RULES;
            case "GET /reps/validation" -> Access.Action.VALIDATE_REPS;
            case "GET /stats" -> Access.Action.STATS;
            default -> Access.Action.OFFBOARD;
        };
    }

    private static APIGatewayV2HTTPResponse forbidden() {
        return HttpResponses.error(403, "authorization", "this token may not do that");
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
        // The aggregates of the minutes, hours and days since then (StatsFunction keeps them from the stream): no Scan.
        ObjectNode body = Json.tree(LeadStats.of(stats.totals(StatsKey.covering(since, clock.instant())), since));
        ObjectNode depths = body.putObject("deadLetterQueues");
        deadLetterQueues.forEach((name, url) -> depths.put(name, queueDepth.applyAsInt(url)));
        return HttpResponses.json(200, body);
    }

    /** An instant, or a date meaning its start in UTC. */
    private static Instant parseSince(String text) {
        return text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private APIGatewayV2HTTPResponse answer(LeadLifecycle.Result result, String leadId, String conflictField) {
        return switch (result) {
            case LeadLifecycle.Done done -> HttpResponses.json(200, view(done.lead()));
            case LeadLifecycle.NotFound ignored -> notFound(leadId);
            case LeadLifecycle.Conflict conflict -> HttpResponses.error(409, conflictField, conflict.message());
        };
    }

    /** Like {@link #withObjectBody}, but no body at all counts as {@code {}}. */
    private APIGatewayV2HTTPResponse withOptionalObjectBody(ApiRequest request,
                                                            java.util.function.Function<JsonNode, APIGatewayV2HTTPResponse> action) {
        return request.bodyBytes().length == 0 ? action.apply(Json.object()) : withObjectBody(request, action);
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
        view.remove("assigneeRepId");
        return view;
    }
}
