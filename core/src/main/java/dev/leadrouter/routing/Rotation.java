package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * A team's fair rotation kept as one count per rep, on the rep item, instead of a team-wide item: worst-case
 * fair weighted queueing (WF²Q) over counts. A rep who has taken {@code k} turns at weight {@code w} starts
 * their next turn at virtual time {@code k/w} and finishes it at {@code (k+1)/w}; the team's virtual time is
 * {@code V = Σk / Σw} over the eligible reps. Among the reps whose next turn has started ({@code k/w ≤ V})
 * the one finishing first is served (ties drawn at random), and only that rep's count changes.
 *
 * <p>Why this holds under concurrency with no team item: a pick only needs the chosen rep's count to be
 * unchanged at commit (the placement conditions on it, beside {@code openLeads}); every other count can only
 * have grown, so the chosen rep is still one to serve at commit time. With the same eligible reps, each run
 * of {@code Σw} turns from the start (or from any whole cycle) gives every rep exactly its weight's share.
 *
 * <p>A rep more than one whole cycle behind the rep furthest ahead (new, back from away, inactive or full, or
 * a marker ops removed) is served first, once, and then counts as level with the others: no catch-up burst,
 * and nobody waits for such a rep to catch up. With the same eligible reps all along no rep is ever that far
 * behind, so this changes nothing in the exact shares above.
 */
final class Rotation {
    /** Most turns a count is taken for, so that products of counts and weights stay exact in a long. */
    private static final long MAX_TURNS = 1_000_000_000_000L;

    private final String attribute;
    private final ToLongFunction<Rep> weight;

    Rotation(String attribute, ToLongFunction<Rep> weight) {
        this.attribute = attribute;
        this.weight = weight;
    }

    /** Words for the trace: how a rep's place in the rotation is described, and the codes of the outcomes. */
    interface Words {
        String chosen(Rep rep, long turns, long weight, long totalWeight);

        String behind(Rep rep, long turns, long weight, long totalWeight);

        String tied(Rep rep, long turns, long weight, long totalWeight);
    }

    /** Picks among {@code reps} (all with weight above 0) of {@code team}; adds a reason for each loser to {@code lost}. */
    Pick pick(List<Rep> reps, String team, RandomGenerator random, Words words, Map<String, String> lost) {
        String key = team.toLowerCase(Locale.ROOT);
        int n = reps.size();
        long[] turns = new long[n];
        long[] weights = new long[n];
        long turnSum = 0;
        long weightSum = 0;
        for (int i = 0; i < n; i++) {
            turns[i] = turnsOf(reps.get(i), key);
            weights[i] = weight.applyAsLong(reps.get(i));
            turnSum += turns[i];
            weightSum += weights[i];
        }
        // Started: k/w <= V = turnSum/weightSum. At least one rep has, since Σ w·(V - k/w) = 0.
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (Math.multiplyExact(turns[i], weightSum) <= Math.multiplyExact(turnSum, weights[i])) {
                started.add(i);
            }
        }
        int first = started.getFirst();
        for (int i : started) {
            if (compareFinish(turns, weights, i, first) < 0) {
                first = i;
            }
        }
        int earliest = first;
        List<Integer> tied = started.stream().filter(i -> compareFinish(turns, weights, i, earliest) == 0).toList();
        int chosen = tied.get(random.nextInt(tied.size()));
        boolean[] inTie = new boolean[n];
        tied.forEach(i -> inTie[i] = true);

        for (int i = 0; i < n; i++) {
            if (i != chosen) {
                Rep rep = reps.get(i);
                lost.put(rep.repId, inTie[i] ? words.tied(rep, turns[i], weights[i], weightSum)
                        : words.behind(rep, turns[i], weights[i], weightSum));
            }
        }
        Rep rep = reps.get(chosen);
        Map<String, BigDecimal> map = rep.turnsIn(attribute);
        Turn turn = new Turn(attribute, key, map != null, map == null ? null : map.get(key),
                nextTurns(turns, weights, chosen));
        return new Pick(Optional.of(rep), words.chosen(rep, turns[chosen], weights[chosen], weightSum), turn, lost);
    }

    /** By when each rep's next turn would finish, {@code (k+1)/w}: the order the rotation serves them in; weight 0 last. */
    Comparator<Rep> soonestFirst(String team) {
        String key = team.toLowerCase(Locale.ROOT);
        return (a, b) -> {
            long weightA = weight.applyAsLong(a);
            long weightB = weight.applyAsLong(b);
            if (weightA <= 0 || weightB <= 0) {
                return Boolean.compare(weightA <= 0, weightB <= 0);
            }
            return compareFinish(turnsOf(a, key), weightA, turnsOf(b, key), weightB);
        };
    }

    /** The rep's count as the rotation uses it: a whole number from 0, whatever was stored. */
    private long turnsOf(Rep rep, String key) {
        Map<String, BigDecimal> map = rep.turnsIn(attribute);
        BigDecimal stored = map == null ? null : map.get(key);
        if (stored == null || stored.signum() <= 0) {
            return 0;
        }
        return stored.compareTo(BigDecimal.valueOf(MAX_TURNS)) >= 0 ? MAX_TURNS : stored.longValue();
    }

    /** Whether k_a/w_a < k_b/w_b, exactly. */
    private static boolean startsBefore(long[] turns, long[] weights, int a, int b) {
        return Math.multiplyExact(turns[a], weights[b]) < Math.multiplyExact(turns[b], weights[a]);
    }

    /** {@link #compareFinish(long, long, long, long)} of reps {@code a} and {@code b}. */
    private static int compareFinish(long[] turns, long[] weights, int a, int b) {
        return compareFinish(turns[a], weights[a], turns[b], weights[b]);
    }

    /** Compares (k_a+1)/w_a with (k_b+1)/w_b exactly. */
    private static int compareFinish(long turnsA, long weightA, long turnsB, long weightB) {
        return Long.compare(Math.multiplyExact(turnsA + 1, weightB), Math.multiplyExact(turnsB + 1, weightA));
    }

    /**
     * One more turn. A rep more than one whole cycle behind the rep furthest ahead ({@code k/w + 1 < max k_j/w_j}:
     * new, back after a while, or a marker ops removed) moves up instead to the virtual time of the reps within
     * a cycle of the leader, plus one turn: served once, then in line with them.
     */
    private static long nextTurns(long[] turns, long[] weights, int chosen) {
        int leader = 0;
        for (int j = 1; j < turns.length; j++) {
            if (startsBefore(turns, weights, leader, j)) {
                leader = j;
            }
        }
        if (!behindByACycle(turns, weights, chosen, leader)) {
            return turns[chosen] + 1;
        }
        long packTurns = 0;
        long packWeight = 0;
        for (int j = 0; j < turns.length; j++) {
            if (!behindByACycle(turns, weights, j, leader)) {
                packTurns += turns[j];
                packWeight += weights[j];
            }
        }
        return Math.multiplyExact(packTurns, weights[chosen]) / packWeight + 1;
    }

    /** Whether k_a/w_a + 1 < k_b/w_b, exactly. */
    private static boolean behindByACycle(long[] turns, long[] weights, int a, int b) {
        return Math.multiplyExact(turns[a] + weights[a], weights[b]) < Math.multiplyExact(turns[b], weights[a]);
    }
}
