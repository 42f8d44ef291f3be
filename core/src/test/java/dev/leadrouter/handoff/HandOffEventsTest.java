package dev.leadrouter.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.testing.RecordingPublisher;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandOffEventsTest {
    private static final String AT = "2026-11-23T10:00:00Z";

    @Test
    void anAssignmentCarriesTheCrmOfTheLeadsRecordSoTheHandOffNeedNotReadTheLead() {
        RecordingPublisher publisher = new RecordingPublisher();
        HandOffEvents events = new HandOffEvents(publisher);
        Lead imported = new Lead();
        imported.leadId = "lead-imported";
        imported.crm = "salesforce";
        imported.externalId = "00QIMPORTED";
        Lead typedIn = new Lead();
        typedIn.leadId = "lead-typed-in";

        events.assigned(imported, "r-anna", AT, null, null);
        events.assigned(typedIn, "r-anna", AT, null, null);

        List<String> crms = publisher.on(Config.Queue.NOTIFICATIONS).stream()
                .map(message -> message.body().path("crm").textValue()).toList();
        assertEquals(List.of("salesforce", ""), crms);
    }
}
