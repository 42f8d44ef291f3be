package dev.leadrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.leadrouter.json.Json;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TeamStateTest {
    @Test
    void nextBumpsTheVersionOnlyWhenSomethingChanged() {
        TeamState state = new TeamState(4, Map.of("a", 4L), Map.of());
        assertSame(state, state.next(Map.of("a", 4L), Map.of()));
        assertEquals(new TeamState(5, Map.of("a", 5L), Map.of()), state.next(Map.of("a", 5L), Map.of()));
    }

    @Test
    void storedStateWithGapsReadsAsEmptyParts() {
        Map<String, Long> turns = new HashMap<>();
        turns.put("a", null);
        turns.put("b", 3L);
        assertEquals(new TeamState(2, Map.of("b", 3L), Map.of()), new TeamState(2, turns, null));
        assertEquals(TeamState.empty(), Json.read("{}", TeamState.class));
    }

    @Test
    void survivesAJsonRoundTrip() {
        TeamState state = new TeamState(7, Map.of("a", 7L), Map.of("a", -2L, "b", 2L));
        assertEquals(state, Json.read(Json.write(state), TeamState.class));
    }
}
