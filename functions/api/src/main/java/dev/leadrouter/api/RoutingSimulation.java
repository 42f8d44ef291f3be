package dev.leadrouter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.cleanse.DedupeKey;
import dev.leadrouter.cleanse.LeadCleanser;
import dev.leadrouter.cleanse.LeadValidator;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.RuleSource;
import dev.leadrouter.routing.RoutingPlan;
import dev.leadrouter.routing.RoutingPlanner;
import dev.leadrouter.rules.Qualification;
import dev.leadrouter.rules.Qualifier;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RulesCache;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /routing/simulate}: what would happen to this lead right now, through the same
 * cleansing, scoring and routing decision as the pipeline, with reads only.
 */
public class RoutingSimulation {
    private final LeadValidator validator = new LeadValidator();
    private final LeadCleanser cleanser = new LeadCleanser();
    private final RoutingDecisions decisions;
    private final Leads leads;
    private final Clock clock;

    public RoutingSimulation(RoutingDecisions decisions, Leads leads, Clock clock) {
        this.decisions = decisions;
        this.leads = leads;
        this.clock = clock;
    }

    /** A simulation over these ports, deciding exactly as the routing function does. */
    public static RoutingSimulation create(Leads leads, RuleSource rules, RepRoster reps, Accounts accounts,
                                           Duration rulesCacheTtl, Clock clock) {
        return new RoutingSimulation(new RoutingDecisions(new RulesCache(rules::all, rulesCacheTtl, clock),
                reps, accounts, new RoutingPlanner(new SecureRandom())), leads, clock);
    }

    public record Result(List<FieldError> errors, ObjectNode report) {
    }

    public Result simulate(JsonNode body) {
        LeadValidator.Result checked = validator.check(body, false);
        if (!checked.errors().isEmpty()) {
            return new Result(checked.errors(), null);
        }
        Lead lead = cleanser.cleanse(body, Source.WEB_FORM);
        lead.warnings = checked.warnings().isEmpty() ? null : checked.warnings();
        Instant now = clock.instant();
        ObjectNode report = Json.object();
        report.put("simulatedAt", now.toString());
        DedupeKey.all(lead).stream().map(leads::openLeadHolding).flatMap(Optional::stream)
                .findFirst().ifPresent(existing -> report.put("duplicateOf", existing.leadId));
        RuleSet ruleSet = decisions.rules();
        Qualification qualification = Qualifier.score(lead, ruleSet);
        lead.score = qualification.score();
        lead.grade = qualification.grade();
        report.set("qualification", qualification.trace(ruleSet.settings()));
        String outcome;
        if (qualification.disqualified()) {
            outcome = "DISQUALIFIED";
        } else if (qualification.grade() == Grade.COLD) {
            outcome = "NURTURE";
        } else {
            RoutingPlan plan = decisions.decide(lead, now).plan();
            report.set("routing", plan.trace());
            if (plan.outcome() == RoutingPlan.Outcome.ASSIGN) {
                outcome = "ASSIGNED";
                ObjectNode assignment = report.putObject("assignment");
                assignment.put("repId", plan.rep().repId);
                assignment.put("team", plan.route().team());
                assignment.put("ruleId", plan.route().ruleId());
                assignment.put("strategy", plan.route().strategy().name());
            } else {
                outcome = "UNASSIGNED";
            }
        }
        report.put("outcome", outcome);
        report.set("lead", LeadApiHandler.view(lead));
        return new Result(List.of(), report);
    }
}
