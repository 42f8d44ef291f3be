package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The eligible rep with the lowest openLeads / capacity; it keeps no turns. */
final class LeastLoaded implements RepPicker {
    static final LeastLoaded INSTANCE = new LeastLoaded();

    /** Compares the fractions exactly (1/5 ties with 2/10); no capacity counts as fully loaded. */
    private static final Comparator<Rep> BY_LOAD = (a, b) -> {
        boolean aUnbounded = a.capacity <= 0;
        boolean bUnbounded = b.capacity <= 0;
        if (aUnbounded || bUnbounded) {
            return Boolean.compare(aUnbounded, bUnbounded);
        }
        return Long.compare((long) a.openLeads * b.capacity, (long) b.openLeads * a.capacity);
    };

    private LeastLoaded() {
    }

    @Override
    public Pick pick(List<Rep> eligible, String team, RandomGenerator random) {
        if (eligible.isEmpty()) {
            return Pick.nobody(Map.of());
        }
        Rep lightest = eligible.stream().min(BY_LOAD).orElseThrow();
        List<Rep> tied = eligible.stream().filter(rep -> BY_LOAD.compare(rep, lightest) == 0).toList();
        Rep chosen = tied.get(random.nextInt(tied.size()));

        Map<String, String> lost = new HashMap<>();
        for (Rep rep : eligible) {
            if (rep != chosen) {
                lost.put(rep.repId, BY_LOAD.compare(rep, chosen) == 0
                        ? "LOST_TIE (load " + load(rep) + ")"
                        : "HIGHER_LOAD " + load(rep) + " vs " + load(chosen));
            }
        }
        return new Pick(Optional.of(chosen), "LOWEST_LOAD " + load(chosen) + " (" + chosen.openLeads + "/"
                + chosen.capacity + ")", null, lost);
    }

    @Override
    public Comparator<Rep> soonestFirst(String team) {
        return BY_LOAD;
    }

    private static String load(Rep rep) {
        return rep.capacity <= 0 ? "full" : String.format(Locale.ROOT, "%.2f", (double) rep.openLeads / rep.capacity);
    }
}
