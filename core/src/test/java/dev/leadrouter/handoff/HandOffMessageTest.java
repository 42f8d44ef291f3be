package dev.leadrouter.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import org.junit.jupiter.api.Test;

class HandOffMessageTest {

    @Test
    void roundTripsAndCountsRetries() {
        HandOffMessage message = new HandOffMessage(HandOffMessage.REASSIGNED, "lead-1", "r-lukas",
                "2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z", "r-anna", HandOffMessage.DECLINED, "salesforce", null, 0);
        HandOffMessage parsed = HandOffMessage.parse(Json.write(message));
        assertEquals(message, parsed);
        HandOffMessage retry = parsed.retry("slack");
        assertEquals("slack", retry.channel());
        assertEquals(1, retry.attempt());
        assertEquals("salesforce", retry.crm());
    }

    @Test
    void aMessageQueuedBeforeTheCrmWasCarriedDoesNotKnowIt() {
        HandOffMessage old = HandOffMessage.parse("""
                {"event": "ASSIGNED", "leadId": "lead-1", "repId": "r-anna", "assignedAt": "2026-11-23T10:00:00Z",
                 "at": "2026-11-23T10:00:00Z", "attempt": 0}""");
        assertNull(old.crm());
    }

    @Test
    void aLeadIsInACrmOnlyWithItsRecordIdThere() {
        Lead lead = new Lead();
        lead.crm = "hubspot";
        assertEquals("", HandOffMessage.crmOf(lead));
        lead.externalId = "901";
        assertEquals("hubspot", HandOffMessage.crmOf(lead));
    }

    @Test
    void messagesThatCanNeverBeDeliveredArePermanentFailures() {
        assertThrows(PermanentFailure.class, () -> HandOffMessage.parse("not json"));
        assertThrows(PermanentFailure.class, () -> HandOffMessage.parse("{\"event\":\"PARTY\",\"leadId\":\"l\"}"));
        assertThrows(PermanentFailure.class, () -> HandOffMessage.parse("{\"event\":\"ASSIGNED\",\"leadId\":\"l\"}"));
    }
}
