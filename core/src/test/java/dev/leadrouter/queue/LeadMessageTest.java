package dev.leadrouter.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadMessageTest {
    private static Lead lead(int messageBytes) {
        Lead lead = new Lead();
        lead.leadId = "lead-1";
        lead.status = LeadStatus.QUALIFIED;
        lead.email = "jane@acme.example";
        lead.message = "x".repeat(messageBytes);
        lead.version = 2;
        return lead;
    }

    @Test
    void aLeadThatFitsTravelsWithItsVersionAndComesBackAsStored() {
        LeadMessage sent = LeadMessage.route(lead(100));
        LeadMessage received = LeadMessage.parse(Json.write(sent));
        assertEquals(LeadMessage.ROUTE, received.type());
        Lead carried = received.carried().orElseThrow();
        assertEquals("lead-1", carried.leadId);
        assertEquals(2, carried.version);
        assertEquals(LeadStatus.QUALIFIED, carried.status);
        assertEquals("jane@acme.example", carried.email);
    }

    @Test
    void aLeadTooLargeForTheMessageLeavesOnlyItsId() {
        LeadMessage sent = LeadMessage.qualify(lead(LeadMessage.MAX_BYTES_WITH_LEAD));
        assertNull(sent.lead());
        assertEquals("{\"leadId\":\"lead-1\"}", Json.write(sent));
        LeadMessage justFits = LeadMessage.qualify(lead(LeadMessage.MAX_BYTES_WITH_LEAD - 1_000));
        assertTrue(justFits.carried().isPresent());
        assertTrue(Json.write(justFits).getBytes(StandardCharsets.UTF_8).length <= LeadMessage.MAX_BYTES_WITH_LEAD);
        assertTrue(LeadMessage.MAX_BYTES_WITH_LEAD * 4 <= 256 * 1024, "well under SQS's limit");
    }

    @Test
    void aLeadHoldingCharactersSqsRefusesLeavesOnlyItsId() {
        for (String typed : List.of("\uD800 lone surrogate", "not a character \uFFFF", "\uFFFE")) {
            Lead lead = lead(10);
            lead.company = typed;
            assertNull(LeadMessage.route(lead).lead(), typed);
        }
        Lead fine = lead(10);
        fine.company = "Ærø Café 株式会社 \uD83D\uDE80 tab\there";
        assertTrue(LeadMessage.route(fine).carried().isPresent());
    }

    @Test
    void anIdOnlyMessageAsSentBeforeStillParsesAndCarriesNothing() {
        LeadMessage old = LeadMessage.parse("{\"leadId\":\"lead-1\",\"type\":\"ROUTE\"}");
        assertEquals(Optional.empty(), old.carried());
        assertEquals("{\"leadId\":\"lead-1\",\"type\":\"ROUTE\"}", Json.write(LeadMessage.route("lead-1")));
    }

    @Test
    void aCopyOfAnotherLeadOrOneThatCannotBeReadIsIgnored() {
        assertEquals(Optional.empty(), LeadMessage.parse(
                "{\"leadId\":\"lead-1\",\"type\":\"ROUTE\",\"lead\":{\"leadId\":\"lead-2\"}}").carried());
        assertEquals(Optional.empty(), LeadMessage.parse(
                "{\"leadId\":\"lead-1\",\"type\":\"ROUTE\",\"lead\":{\"leadId\":\"lead-1\",\"status\":\"NO_SUCH\"}}")
                .carried());
    }
}
