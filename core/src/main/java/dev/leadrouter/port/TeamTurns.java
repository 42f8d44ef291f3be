package dev.leadrouter.port;

import dev.leadrouter.routing.TeamState;

/** Per-team turn state of the fair strategies; written only as part of a {@link Placement}. */
public interface TeamTurns {
    /** The team's state, {@link TeamState#empty()} when it has none yet. */
    TeamState get(String team);
}
