package dev.leadrouter.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A release wakes parked leads only when the rep was full before it, or when how it was is unknown. */
class ParkedLeadsTest {

    private static Optional<ObjectNode> repAfter(String json) {
        return Optional.of((ObjectNode) Json.parse(json));
    }

    @Test
    void aReleaseOnARepThatWasFullMayFreeAParkedSlot() {
        assertTrue(ParkedLeads.mayFreeParkedSlot(repAfter("{\"capacity\": 3, \"openLeads\": 2}")));
        assertTrue(ParkedLeads.mayFreeParkedSlot(repAfter("{\"capacity\": 1, \"openLeads\": 0}")));
    }

    @Test
    void aReleaseOnARepStillOverALoweredCapacityCounts() {
        assertTrue(ParkedLeads.mayFreeParkedSlot(repAfter("{\"capacity\": 2, \"openLeads\": 4}")));
    }

    @Test
    void aReleaseOnARepThatHadRoomFreesNothingRoutingWouldNotHaveUsed() {
        assertFalse(ParkedLeads.mayFreeParkedSlot(repAfter("{\"capacity\": 3, \"openLeads\": 1}")));
        assertFalse(ParkedLeads.mayFreeParkedSlot(repAfter("{\"capacity\": 3, \"openLeads\": 0}")));
    }

    @Test
    void aRepWithNoCapacityTakesNoParkedLead() {
        assertFalse(ParkedLeads.mayFreeParkedSlot(repAfter("{\"capacity\": 0, \"openLeads\": 0}")));
    }

    @Test
    void unknownWakesAsBefore() {
        assertTrue(ParkedLeads.mayFreeParkedSlot(Optional.empty()));
        assertTrue(ParkedLeads.mayFreeParkedSlot(repAfter("{\"openLeads\": 1}")));
        assertTrue(ParkedLeads.mayFreeParkedSlot(repAfter("{\"capacity\": \"x\", \"openLeads\": 1}")));
    }
}
