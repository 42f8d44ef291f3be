package dev.leadrouter.routing;

import dev.leadrouter.domain.Rep;
import java.util.List;

/** Reps for tests: active, always working, room for plenty of leads. */
final class Reps {
    private Reps() {
    }

    static Rep rep(String repId, String... teams) {
        Rep rep = new Rep();
        rep.repId = repId;
        rep.name = repId;
        rep.email = repId + "@example.com";
        rep.teams = List.of(teams);
        rep.capacity = 1_000_000;
        return rep;
    }
}
