package dev.leadrouter.pipeline;

import dev.leadrouter.domain.Account;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.routing.Eligibility;
import dev.leadrouter.routing.RepsCache;
import dev.leadrouter.routing.RoutingPlan;
import dev.leadrouter.routing.RoutingPlanner;
import dev.leadrouter.routing.StoredRep;
import dev.leadrouter.routing.TraceWords;
import dev.leadrouter.routing.Turn;
import dev.leadrouter.rules.CompiledRule;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RulesCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads what a routing decision depends on — rules, reps (with their turns), the lead's account — and
 * asks the planner. Real routing and {@code POST /routing/simulate} both decide through here; only
 * real routing then writes the plan. Reps and accounts are read fresh for every decision, or (the routing
 * function, {@link #cached}) kept per container for the rules' cache TTL: see {@link RepsCache} for why a
 * rep read earlier cannot place a lead wrongly.
 */
public class RoutingDecisions {
    /** Most account domains a container keeps. */
    static final int MAX_CACHED_ACCOUNTS = 1_000;
    /** Most reps read again before a team pick made on reps read earlier is committed: one small BatchGetItem. */
    static final int MAX_CONTENDERS_READ = 10;

    private final RulesCache rules;
    private final RepRoster reps;
    private final RepsCache repsRead;
    /** How long reps are kept between decisions (zero: each decision reads them all anew). */
    private final Duration ttl;
    private final Clock clock;
    /** When a commit here last found a rep it was decided on changed by another writer (null: not yet). */
    private volatile Instant repFoundChangedAt;
    private final Accounts accounts;
    private final BoundedTtlCache<String, Optional<Account>> accountCache;
    private final RoutingPlanner planner;

    /** Reps and accounts read fresh for each decision. */
    public RoutingDecisions(RulesCache rules, RepRoster reps, Accounts accounts, RoutingPlanner planner) {
        this(rules, reps, accounts, planner, Duration.ZERO, Clock.systemUTC());
    }

    private RoutingDecisions(RulesCache rules, RepRoster reps, Accounts accounts, RoutingPlanner planner,
                             Duration ttl, Clock clock) {
        this.rules = rules;
        this.reps = reps;
        this.repsRead = new RepsCache(reps::usable, ttl, clock);
        this.ttl = ttl;
        this.clock = clock;
        this.accounts = accounts;
        this.accountCache = new BoundedTtlCache<>(MAX_CACHED_ACCOUNTS, ttl, clock);
        this.planner = planner;
    }

    /** Reps and accounts kept for {@code ttl} per container: one Scan of the reps per TTL, not per lead. */
    public static RoutingDecisions cached(RulesCache rules, RepRoster reps, Accounts accounts,
                                          RoutingPlanner planner, Duration ttl, Clock clock) {
        return new RoutingDecisions(rules, reps, accounts, planner, ttl, clock);
    }

    /** A plan, the rule set it was made with, and the reps (as read) it was made on. */
    public record Decision(RoutingPlan plan, RuleSet ruleSet, Map<String, StoredRep> reps) {
        /** The chosen rep as the decision read it, for the reserve's conditions. */
        public StoredRep chosen() {
            return reps.get(plan.rep().repId);
        }
    }

    public Decision decide(Lead lead, Instant now) {
        RuleSet ruleSet = rules.current();
        Optional<Account> account = Boolean.TRUE.equals(lead.freeMail) ? Optional.empty()
                : accountCache.get(lead.emailDomain, accounts::byDomain);
        List<RuleSet.RuleTried> tried = ruleSet.routingRulesTried(lead);
        Optional<RouteChoice> choice = ruleSet.firstRoutingMatch(lead).map(CompiledRule::routeChoice);
        Set<String> excluded = Set.copyOf(lead.missedReps == null ? List.of() : lead.missedReps);
        Function<Map<String, StoredRep>, RoutingPlan> plan = repsById -> planner.plan(lead, account, choice,
                ruleSet.settings(), repsById.values().stream().map(StoredRep::rep).toList(), now, excluded);
        RepsCache.Reps current = repsRead.current();
        Map<String, StoredRep> repsById = current.byId();
        RoutingPlan made = plan.apply(repsById);
        if (!current.readNow()) {
            // Reps read earlier. Capacity is what the system itself frees (a close, a hand-over): before parking
            // a lead, read again those it found full, and decide once more if any is not. A team pick instead
            // loses its commit whenever another container served the chosen rep meanwhile: while that has lately
            // happened here, read again the chosen rep and those its strategy would serve next, and decide once
            // more (a container routing alone keeps its reps true with its own commits, and reads nothing). The
            // commit's conditions stay
            // what makes this right; the read only makes their failures rare. Turns stay fair: counts of turns
            // only grow, so a count read earlier is never above the real one, and the commit checks that the
            // chosen rep's count is still the one read, so the rep chosen is the true minimum. Reading some reps
            // again only brings their counts nearer the real ones, which keeps all of that.
            List<String> readAgain = !made.assigned() ? fullReps(repsById, choice, ruleSet.settings())
                    : repFoundChangedLately(now) ? planner.contenders(made,
                            repsById.values().stream().map(StoredRep::rep).toList(), now, excluded, MAX_CONTENDERS_READ)
                    : List.of();
            Optional<Map<String, StoredRep>> fresher = readAgain(repsById, readAgain);
            if (fresher.isPresent()) {
                repsById = fresher.get();
                made = plan.apply(repsById);
            }
        }
        TraceWords.render(made.trace(), tried);
        return new Decision(made, ruleSet, repsById);
    }

    /** The reps of the teams tried that were at capacity (an account owner's capacity never counts). */
    private static List<String> fullReps(Map<String, StoredRep> repsById, Optional<RouteChoice> choice,
                                         Settings settings) {
        List<String> teams = new ArrayList<>();
        choice.map(RouteChoice::team).ifPresent(teams::add);
        if (settings != null && settings.fallbackTeam() != null) {
            teams.add(settings.fallbackTeam().trim());
        }
        List<String> full = new ArrayList<>();
        for (StoredRep stored : repsById.values()) {
            Rep rep = stored.rep();
            if (rep.capacity > 0 && rep.openLeads >= rep.capacity
                    && teams.stream().anyMatch(team -> team != null && Eligibility.inTeam(rep, team))) {
                full.add(rep.repId);
            }
        }
        return full;
    }

    /**
     * {@code repIds} read again, in one bounded read, and kept here: all the reps with those read anew, or empty
     * when none of them changed (or there were none).
     */
    private Optional<Map<String, StoredRep>> readAgain(Map<String, StoredRep> repsById, List<String> repIds) {
        if (repIds.isEmpty()) {
            return Optional.empty();
        }
        List<String> asked = repIds.subList(0, Math.min(repIds.size(), RepRoster.MAX_BATCH_READ));
        Map<String, StoredRep> read = reps.read(asked);
        Map<String, StoredRep> fresher = new HashMap<>(repsById);
        boolean changed = false;
        for (String repId : asked) {
            Optional<StoredRep> now = Optional.ofNullable(read.get(repId));
            changed |= now.isEmpty() || !sameRead(now.get(), repsById.get(repId));
            repsRead.update(repId, now);
            now.ifPresentOrElse(rep -> fresher.put(repId, rep), () -> fresher.remove(repId));
        }
        return changed ? Optional.of(Map.copyOf(fresher)) : Optional.empty();
    }

    /** Whether a commit here found a rep changed by another writer within the time reps are kept. */
    private boolean repFoundChangedLately(Instant now) {
        Instant at = repFoundChangedAt;
        return at != null && now.isBefore(at.plus(ttl));
    }

    /** Whether a rep read again is as read before: what decisions read of it, and its counts of turns. */
    private static boolean sameRead(StoredRep now, StoredRep before) {
        return now.decidedOn().equals(before.decidedOn()) && Objects.equals(now.rep().turns, before.rep().turns)
                && Objects.equals(now.rep().weightedTurns, before.rep().weightedTurns);
    }

    /**
     * Reads the accounts of the leads about to be decided, in one request for all of them, into the accounts
     * kept here (without a cache, each decision reads its own account anyway).
     */
    public void readAccountsOf(Collection<Lead> leads) {
        List<String> domains = leads.stream().filter(lead -> !Boolean.TRUE.equals(lead.freeMail))
                .map(lead -> lead.emailDomain).filter(domain -> domain != null && !domain.isBlank()).toList();
        accountCache.load(domains, asked -> {
            Map<String, Account> found = accounts.byDomains(asked);
            Map<String, Optional<Account>> byDomain = new HashMap<>();
            asked.forEach(domain -> byDomain.put(domain, Optional.ofNullable(found.get(domain.toLowerCase(Locale.ROOT)))));
            return byDomain;
        });
    }

    /**
     * The chosen rep's reserve failed: {@code now} is the rep as it now is (empty: gone or unusable), taken into
     * the reps kept here so that the next decision works on it.
     */
    public void repChanged(String repId, Optional<StoredRep> now) {
        repFoundChangedAt = clock.instant();
        repsRead.update(repId, now);
    }

    /** A transaction involving the rep was cancelled for another reason (a conflict): reads the rep again. */
    public void readAgain(String repId) {
        repFoundChangedAt = clock.instant();
        if (ttl.isPositive()) {
            repsRead.update(repId, Optional.ofNullable(reps.read(List.of(repId)).get(repId)));
        }
    }

    /**
     * Our own transaction moved the rep's {@code openLeads} by {@code delta} from the value the decision read,
     * and with {@code turn} its count of turns on.
     */
    public void moved(StoredRep rep, int delta, Turn turn) {
        repsRead.update(rep.repId(), Optional.of(rep.afterCommit(delta, turn)));
    }

    public RuleSet rules() {
        return rules.current();
    }
}
