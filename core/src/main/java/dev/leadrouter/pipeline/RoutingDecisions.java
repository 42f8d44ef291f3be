package dev.leadrouter.pipeline;

import dev.leadrouter.domain.Account;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.routing.RoutingPlan;
import dev.leadrouter.routing.RoutingPlanner;
import dev.leadrouter.routing.TeamState;
import dev.leadrouter.routing.TraceWords;
import dev.leadrouter.rules.CompiledRule;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.TeamTurns;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a routing decision depends on — rules, reps, the lead's account, team turn state — and
 * asks the planner. Real routing and {@code POST /routing/simulate} both decide through here; only
 * real routing then writes the plan.
 */
public class RoutingDecisions {
    private final RulesCache rules;
    private final RepRoster reps;
    private final Accounts accounts;
    private final TeamTurns teamStates;
    private final RoutingPlanner planner;

    public RoutingDecisions(RulesCache rules, RepRoster reps, Accounts accounts, TeamTurns teamStates,
                            RoutingPlanner planner) {
        this.rules = rules;
        this.reps = reps;
        this.accounts = accounts;
        this.teamStates = teamStates;
        this.planner = planner;
    }

    /** A plan and the rule set it was made with. */
    public record Decision(RoutingPlan plan, RuleSet ruleSet) {
    }

    public Decision decide(Lead lead, Instant now) {
        RuleSet ruleSet = rules.current();
        Optional<Account> account = Boolean.TRUE.equals(lead.freeMail) ? Optional.empty()
                : accounts.byDomain(lead.emailDomain);
        List<RuleSet.RuleTried> tried = ruleSet.routingRulesTried(lead);
        Optional<RouteChoice> choice = ruleSet.firstRoutingMatch(lead).map(CompiledRule::routeChoice);
        Map<String, TeamState> statesRead = new HashMap<>(); // one read per team per decision
        RoutingPlan plan = planner.plan(lead, account, choice, ruleSet.settings(), reps.all(),
                team -> statesRead.computeIfAbsent(team, teamStates::get), now,
                Set.copyOf(lead.missedReps == null ? List.of() : lead.missedReps));
        TraceWords.render(plan.trace(), tried);
        return new Decision(plan, ruleSet);
    }

    public RuleSet rules() {
        return rules.current();
    }
}
