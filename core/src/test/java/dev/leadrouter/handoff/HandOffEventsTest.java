package dev.leadrouter.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Notify;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.json.Json;
import dev.leadrouter.testing.RecordingPublisher;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandOffEventsTest {
    private static final String AT = "2026-11-23T10:00:00Z";
    private static final Settings NO_DEFAULT = Settings.DEFAULTS;

    private final RecordingPublisher publisher = new RecordingPublisher();
    private final HandOffEvents events = new HandOffEvents(publisher);

    @Test
    void anAssignmentCarriesTheCrmOfTheLeadsRecordSoTheHandOffNeedNotReadTheLead() {
        Rep toldByEmail = rep("{\"email\": true}");

        events.assigned(imported("lead-imported"), toldByEmail, NO_DEFAULT);
        events.assigned(typedIn("lead-typed-in", null), toldByEmail, NO_DEFAULT);

        assertEquals(List.of("salesforce", ""), sent().stream().map(body -> body.path("crm").textValue()).toList());
    }

    @Test
    void anAssignmentWithNothingToDeliverQueuesNoMessage() {
        events.assigned(typedIn("lead-first", null), rep(null), NO_DEFAULT);
        events.assigned(typedIn("lead-moved", "r-ben"), rep("{\"webhookUrl\": \"\"}"), NO_DEFAULT);

        assertEquals(List.of(), sent());
    }

    @Test
    void aChannelOfTheRepsOrOfTheSettingsDefaultOrACrmLeadStillGetsItsHandOff() {
        Settings emailByDefault = new Settings(60, 30, null, 900, 60, Notify.defaults(Json.parse("{\"email\": true}")));

        events.assigned(typedIn("lead-webhook", null), rep("{\"webhookUrl\": \"https://hook.example\"}"), NO_DEFAULT);
        events.assigned(typedIn("lead-default", "r-ben"), rep(null), emailByDefault);
        events.assigned(imported("lead-crm"), rep(null), NO_DEFAULT);

        assertEquals(List.of("ASSIGNED lead-webhook", "REASSIGNED lead-default", "ASSIGNED lead-crm"), sent().stream()
                .map(body -> body.path("event").textValue() + " " + body.path("leadId").textValue()).toList());
        assertEquals("r-ben", sent().get(1).path("previousRepId").textValue());
        assertEquals("DECLINED", sent().get(1).path("reason").textValue());
    }

    @Test
    void withoutTheRepAtHandTheMessageGoesOutAndTheNotificationFunctionDecides() {
        events.assigned(typedIn("lead-republished", null), null, NO_DEFAULT);

        assertEquals(1, sent().size());
    }

    private List<JsonNode> sent() {
        return publisher.on(Config.Queue.NOTIFICATIONS).stream().map(RecordingPublisher.Message::body).toList();
    }

    private static Rep rep(String notify) {
        Rep rep = new Rep();
        rep.repId = "r-anna";
        rep.email = "anna@example.com";
        rep.notify = notify == null ? null : Json.parse(notify);
        return rep;
    }

    /** A lead assigned to r-anna, moved from {@code previousRepId} (declined there) unless that is null. */
    private static Lead typedIn(String leadId, String previousRepId) {
        Lead lead = new Lead();
        lead.leadId = leadId;
        lead.assignment = new Assignment("r-anna", "anna@example.com", "inbound", "all", "ROUND_ROBIN", AT,
                previousRepId != null, previousRepId, previousRepId == null ? null : "DECLINED");
        return lead;
    }

    private static Lead imported(String leadId) {
        Lead lead = typedIn(leadId, null);
        lead.crm = "salesforce";
        lead.externalId = "00QIMPORTED";
        return lead;
    }
}
