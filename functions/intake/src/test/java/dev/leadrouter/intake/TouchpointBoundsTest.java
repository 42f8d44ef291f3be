package dev.leadrouter.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Touchpoint;
import dev.leadrouter.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TouchpointBoundsTest {

    @Test
    void onlyTheMostRecentTouchpointsAreKeptAndTheRestIsCounted() {
        Lead lead = new Lead();
        for (int i = 0; i < 50; i++) {
            lead.touchpoints.add(touchpoint(i, "hello"));
            LeadIntake.foldOldTouchpoints(lead);
        }
        assertEquals(LeadIntake.MAX_TOUCHPOINTS, lead.touchpoints.size());
        assertEquals(30, lead.earlierTouchpoints.count());
        assertEquals(Map.of("WEB_FORM", 30L), lead.earlierTouchpoints.bySource());
        assertEquals(at(0), lead.earlierTouchpoints.firstAt());
        assertEquals(at(29), lead.earlierTouchpoints.lastAt());
        assertEquals(at(30), lead.touchpoints.getFirst().at());
    }

    @Test
    void largeTouchpointsAreKeptOnlyWithinTheByteBudget() {
        Lead lead = new Lead();
        String large = "ü".repeat(15_000); // 30 kB in UTF-8
        for (int i = 0; i < 12; i++) {
            lead.touchpoints.add(touchpoint(i, large));
            LeadIntake.foldOldTouchpoints(lead);
            long bytes = lead.touchpoints.stream()
                    .mapToLong(t -> Json.write(t).getBytes(StandardCharsets.UTF_8).length).sum();
            assertTrue(bytes <= LeadIntake.KEPT_TOUCHPOINT_BYTES, bytes + " bytes kept");
        }
        assertEquals(12, lead.touchpoints.size() + lead.earlierTouchpoints.count());
        assertEquals(at(11), lead.touchpoints.getLast().at());
    }

    private static Touchpoint touchpoint(int i, String message) {
        return new Touchpoint(at(i), "WEB_FORM", null, message, null, Map.of());
    }

    private static String at(int i) {
        return String.format("2026-11-23T10:%02d:00Z", i);
    }
}
