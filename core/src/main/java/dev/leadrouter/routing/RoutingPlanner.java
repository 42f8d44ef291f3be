package dev.leadrouter.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.domain.Strategy;
import dev.leadrouter.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides who gets a lead, in the order of CONTRACT.md, "Account — table lead-router-accounts" and "Rule — table lead-router-rules": (1) the account owner, when the lead's domain
 * matches an account and the owner is active and not away (working hours and capacity not enforced);
 * (2) the routing rule's team with its strategy and required skills; (3) the settings' fallback team
 * with the rule's strategy (round robin without a rule) and no required skills, since the skills belong
 * to the rule's own team and the fallback exists so that a lead is not left waiting for them; (4) park.
 * Pure and cheap: a caller who loses a race (the chosen rep's capacity or turns changed meanwhile) plans
 * again with fresh reps.
 */
public final class RoutingPlanner {
    private static final String FALLBACK_RULE_ID = "fallback";

    private final RandomGenerator random;

    /** Settles ties with a thread-safe random source. */
    public RoutingPlanner() {
        this(new Random());
    }

    public RoutingPlanner(RandomGenerator random) {
        this.random = random;
    }

    /**
     * @param account        the account of the lead's email domain; callers pass one only for a
     *                       domain that is not free-mail
     * @param ruleChoice     the first matching ROUTING rule's team, strategy and skills
     * @param excludedRepIds reps who may not get this lead again (they let its SLA lapse)
     */
    public RoutingPlan plan(Lead lead, Optional<Account> account, Optional<RouteChoice> ruleChoice, Settings settings,
                            Collection<Rep> reps, Instant now,
                            Set<String> excludedRepIds) {
        Run run = new Run(reps, now, excludedRepIds == null ? Set.of() : excludedRepIds);
        Optional<RouteChoice> rule = ruleChoice.map(RoutingPlanner::normalised);
        Strategy strategy = rule.map(RouteChoice::strategy).orElse(Strategy.ROUND_ROBIN);
        String fallbackTeam = settings == null || blank(settings.fallbackTeam()) ? null : settings.fallbackTeam().trim();

        // All three steps appear in the trace, in order; a step not reached says NOT_NEEDED.
        ObjectNode accountStep = run.steps.putObject("account");
        ObjectNode ruleStep = run.steps.putObject("rule");
        ObjectNode fallbackStep = run.steps.putObject("fallback").put("used", false);
        rule.ifPresentOrElse(route -> {
            ruleStep.put("ruleId", route.ruleId()).put("team", route.team()).put("strategy", strategy.name());
            route.requireSkills().forEach(ruleStep.putArray("requireSkills")::add);
            ruleStep.put("result", "NOT_NEEDED");
        }, () -> ruleStep.put("result", "NO_MATCHING_RULE"));
        if (fallbackTeam != null) {
            fallbackStep.put("team", fallbackTeam).put("strategy", strategy.name());
        }
        fallbackStep.put("result", fallbackTeam == null ? "NOT_CONFIGURED" : "NOT_NEEDED");

        if (account.isPresent()) {
            Optional<RoutingPlan> toOwner = run.accountOwner(account.get(), lead.emailDomain, accountStep);
            if (toOwner.isPresent()) {
                return toOwner.get();
            }
        } else {
            accountStep.put("domain", lead.emailDomain).put("result", "NO_ACCOUNT");
        }

        if (rule.isPresent()) {
            Optional<RoutingPlan> toTeam = run.team("rule", rule.get(), ruleStep);
            if (toTeam.isPresent()) {
                return toTeam.get();
            }
        } else {
            run.misses.add("no matching rule");
        }

        if (fallbackTeam == null) {
            run.misses.add("no fallback team");
            return run.park();
        }
        // The rule's own team without its skills is still a fallback; without skills it would be a repeat.
        if (rule.isPresent() && fallbackTeam.equalsIgnoreCase(rule.get().team()) && rule.get().requireSkills().isEmpty()) {
            fallbackStep.put("result", "SAME_AS_RULE_TEAM");
            run.misses.add("fallback team is the rule's team");
            return run.park();
        }
        fallbackStep.put("used", true);
        RouteChoice fallback = new RouteChoice(FALLBACK_RULE_ID, fallbackTeam, strategy, List.of());
        return run.team("fallback", fallback, fallbackStep).orElseGet(run::park);
    }

    /**
     * For a plan that picked a team's rep by its strategy: that rep, then the team's other reps still eligible
     * for the lead in the order the strategy would serve them, at most {@code max} in all. Empty for any other
     * plan (parked, an account owner's).
     */
    public List<String> contenders(RoutingPlan plan, Collection<Rep> reps, Instant now, Set<String> excludedRepIds,
                                   int max) {
        RouteChoice route = plan.route();
        if (!plan.assigned() || route.strategy() == null || route.strategy() == Strategy.ACCOUNT_OWNER) {
            return List.of();
        }
        List<String> contenders = new ArrayList<>(List.of(plan.rep().repId));
        reps.stream()
                .filter(rep -> !rep.repId.equals(plan.rep().repId) && Eligibility.ineligibility(rep, route.team(),
                        route.requireSkills(), now, excludedRepIds, true).isEmpty())
                .sorted(RepPicker.of(route.strategy()).soonestFirst(route.team()))
                .limit(max - 1L)
                .forEach(rep -> contenders.add(rep.repId));
        return contenders;
    }

    /** A rule's route with no nulls; a rule cannot ask for ACCOUNT_OWNER, so that falls back to round robin. */
    private static RouteChoice normalised(RouteChoice choice) {
        Strategy strategy = choice.strategy() == null || choice.strategy() == Strategy.ACCOUNT_OWNER
                ? Strategy.ROUND_ROBIN : choice.strategy();
        List<String> skills = choice.requireSkills() == null ? List.of()
                : choice.requireSkills().stream().filter(skill -> !blank(skill)).toList();
        return new RouteChoice(choice.ruleId(), choice.team(), strategy, skills);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** Most candidate reps a routing trace lists one by one (see Run#boundCandidates). */
    static final int MAX_TRACED_CANDIDATES = 25;

    /** One planning: the inputs, plus the trace and the reasons for parking gathered on the way. */
    private final class Run {
        private final List<Rep> reps;
        private final Instant now;
        private final Set<String> excluded;
        private final ObjectNode steps = Json.object();
        private final ArrayNode candidates = Json.MAPPER.createArrayNode();
        private final List<String> misses = new ArrayList<>();
        private RouteChoice lastTried;

        Run(Collection<Rep> reps, Instant now, Set<String> excluded) {
            // Sorted so that a seeded random source settles ties the same way whatever order the reps came in.
            this.reps = reps.stream().filter(rep -> rep != null && rep.repId != null)
                    .sorted(Comparator.comparing((Rep rep) -> rep.repId)).toList();
            this.now = now;
            this.excluded = excluded;
        }

        Optional<RoutingPlan> accountOwner(Account account, String leadDomain, ObjectNode step) {
            String domain = blank(account.domain()) ? leadDomain : account.domain();
            step.put("domain", domain).put("accountName", account.accountName()).put("ownerRepId", account.ownerRepId());
            Optional<Rep> owner = reps.stream().filter(rep -> rep.repId.equals(account.ownerRepId())).findFirst();
            if (owner.isEmpty()) {
                step.put("result", "OWNER_NOT_FOUND");
                misses.add("account " + domain + ": OWNER_NOT_FOUND");
                return Optional.empty();
            }
            Rep rep = owner.get();
            String team = rep.teams == null ? null : rep.teams.stream().filter(Objects::nonNull).findFirst().orElse(null);
            Optional<String> ineligible = Eligibility.accountOwnerIneligibility(rep, now, excluded);
            ObjectNode candidate = candidate("account", rep, team, ineligible);
            if (ineligible.isPresent()) {
                step.put("result", ineligible.get());
                misses.add("account " + domain + ": owner " + rep.repId + " " + ineligible.get());
                return Optional.empty();
            }
            candidate.put("chosen", true).put("reason", "ACCOUNT_OWNER");
            step.put("result", "ASSIGNED");
            RouteChoice route = new RouteChoice("account:" + domain, team, Strategy.ACCOUNT_OWNER, List.of());
            return Optional.of(assign(rep, route, false, null));
        }

        /** Tries one team; writes its result into {@code step} and its candidates into the trace. */
        Optional<RoutingPlan> team(String stepName, RouteChoice route, ObjectNode step) {
            lastTried = route;
            String team = route.team();
            List<Rep> members = blank(team) ? List.of() : reps.stream().filter(rep -> Eligibility.inTeam(rep, team)).toList();
            List<Rep> eligible = new ArrayList<>();
            List<ObjectNode> eligibleNodes = new ArrayList<>();
            for (Rep rep : members) {
                Optional<String> ineligible = Eligibility.ineligibility(rep, team, route.requireSkills(), now, excluded, true);
                ObjectNode node = candidate(stepName, rep, team, ineligible);
                if (ineligible.isEmpty()) {
                    eligible.add(rep);
                    eligibleNodes.add(node);
                }
            }
            if (members.isEmpty()) {
                return miss(stepName, team, step, "NO_REPS_IN_TEAM");
            }
            if (eligible.isEmpty()) {
                return miss(stepName, team, step, "NO_ELIGIBLE_REP (" + members.size() + " in team)");
            }
            Pick pick = RepPicker.of(route.strategy()).pick(eligible, team, random);
            for (int i = 0; i < eligible.size(); i++) {
                Rep rep = eligible.get(i);
                eligibleNodes.get(i).put("chosen", pick.chosen().filter(rep::equals).isPresent())
                        .put("reason", pick.reason(rep.repId));
            }
            if (pick.chosen().isEmpty()) {
                return miss(stepName, team, step, "NO_PICKABLE_REP (" + eligible.size() + " eligible, all ZERO_WEIGHT)");
            }
            step.put("result", "ASSIGNED");
            return Optional.of(assign(pick.chosen().get(), route, true, pick.turn()));
        }

        private Optional<RoutingPlan> miss(String stepName, String team, ObjectNode step, String result) {
            step.put("result", result);
            misses.add(stepName + " team " + team + ": " + result);
            return Optional.empty();
        }

        private ObjectNode candidate(String stepName, Rep rep, String team, Optional<String> ineligible) {
            ObjectNode node = candidates.addObject().put("step", stepName).put("repId", rep.repId).put("team", team)
                    .put("eligible", ineligible.isEmpty());
            ineligible.ifPresent(reason -> node.put("chosen", false).put("reason", reason));
            return node;
        }

        private RoutingPlan assign(Rep rep, RouteChoice route, boolean capacityEnforced, Turn turn) {
            ObjectNode trace = trace(RoutingPlan.Outcome.ASSIGN)
                    .put("repId", rep.repId).put("ruleId", route.ruleId()).put("team", route.team())
                    .put("strategy", route.strategy().name()).put("capacityEnforced", capacityEnforced);
            String summary = rep.repId + " via " + route.ruleId() + " (team " + route.team() + ", "
                    + route.strategy().name() + ")";
            return new RoutingPlan(RoutingPlan.Outcome.ASSIGN, rep, route, capacityEnforced, turn, summary, trace);
        }

        RoutingPlan park() {
            String summary = "no eligible rep: " + String.join("; ", misses);
            ObjectNode trace = trace(RoutingPlan.Outcome.PARK).put("reason", summary);
            return new RoutingPlan(RoutingPlan.Outcome.PARK, null, lastTried, false, null, summary, trace);
        }

        private ObjectNode trace(RoutingPlan.Outcome outcome) {
            ObjectNode trace = Json.object();
            trace.setAll(steps);
            boundCandidates(trace);
            return trace.put("outcome", outcome.name());
        }

        /**
         * Every candidate, up to {@value #MAX_TRACED_CANDIDATES}; for a larger team (the trace is stored on the
         * lead, which must stay far below DynamoDB's item limit) the chosen rep, then the eligible runners-up,
         * then the ineligible, up to that many, and the others counted by reason under "candidatesOmitted".
         */
        private void boundCandidates(ObjectNode trace) {
            if (candidates.size() <= MAX_TRACED_CANDIDATES) {
                trace.set("candidates", candidates);
                return;
            }
            List<JsonNode> ordered = new ArrayList<>();
            List<JsonNode> runnersUp = new ArrayList<>();
            List<JsonNode> ineligible = new ArrayList<>();
            for (JsonNode candidate : candidates) {
                (candidate.path("chosen").asBoolean() ? ordered
                        : candidate.path("eligible").asBoolean() ? runnersUp : ineligible).add(candidate);
            }
            ordered.addAll(runnersUp);
            ordered.addAll(ineligible);
            ArrayNode kept = trace.putArray("candidates");
            ObjectNode byReason = Json.object();
            for (int i = 0; i < ordered.size(); i++) {
                if (i < MAX_TRACED_CANDIDATES) {
                    kept.add(ordered.get(i));
                } else {
                    String reason = ordered.get(i).path("reason").asText("UNKNOWN");
                    byReason.put(reason, byReason.path(reason).asInt() + 1);
                }
            }
            trace.putObject("candidatesOmitted").put("count", ordered.size() - MAX_TRACED_CANDIDATES)
                    .set("byReason", byReason);
        }
    }
}
