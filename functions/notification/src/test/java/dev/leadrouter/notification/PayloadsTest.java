package dev.leadrouter.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each channel's payload against its platform's documented format. */
class PayloadsTest {
    private static final String AT = "2026-11-23T10:00:00.123Z";
    private static final String ACCEPT = "https://api.example.com/links/accept-token";
    private static final String DECLINE = "https://api.example.com/links/decline-token";

    private static Notice notice(String previousRepId, String reason) {
        Lead lead = new Lead();
        lead.leadId = "lead-1";
        lead.firstName = "Ana";
        lead.lastName = "Souza";
        lead.company = "Souza <Logistica> & Co";
        lead.country = "BR";
        lead.grade = Grade.HOT;
        lead.score = 72;
        lead.email = "ana@souza.example";
        lead.phone = "+5511999990000";
        lead.assignment = new Assignment("r-anna", "anna@example.com", "emea", "emea-enterprise", "ROUND_ROBIN", AT,
                previousRepId != null, previousRepId, reason);
        HandOffMessage message = new HandOffMessage(previousRepId == null ? HandOffMessage.ASSIGNED
                : HandOffMessage.REASSIGNED, "lead-1", "r-anna", AT, AT, previousRepId, reason, "", null, 0);
        return Notice.of(message, lead, "Anna Schmidt", ACCEPT, DECLINE);
    }

    @Test
    void slackIsBlockKitWithATextFallbackAndTwoUrlButtons() {
        JsonNode slack = Payloads.slack(notice(null, null));
        assertTrue(slack.path("text").asText().contains("Ana Souza"), "top-level text fallback");
        JsonNode blocks = slack.path("blocks");
        assertEquals(List.of("header", "section", "actions"), types(blocks));
        assertEquals("plain_text", blocks.get(0).path("text").path("type").asText());
        assertTrue(blocks.get(0).path("text").path("text").asText().length() <= 150, "header text limit");
        JsonNode section = blocks.get(1);
        assertEquals("mrkdwn", section.path("text").path("type").asText());
        assertEquals("It was Anna Schmidt's turn in team emea (rule emea-enterprise).",
                section.path("text").path("text").asText());
        assertEquals(4, section.path("fields").size());
        section.path("fields").forEach(field -> assertEquals("mrkdwn", field.path("type").asText()));
        assertTrue(section.path("fields").get(1).path("text").asText().contains("Souza &lt;Logistica&gt; &amp; Co"),
                "mrkdwn control characters escaped");
        JsonNode buttons = blocks.get(2).path("elements");
        assertEquals(2, buttons.size());
        assertEquals("button", buttons.get(0).path("type").asText());
        assertEquals("plain_text", buttons.get(0).path("text").path("type").asText());
        assertEquals(ACCEPT, buttons.get(0).path("url").asText());
        assertEquals("primary", buttons.get(0).path("style").asText());
        assertEquals(DECLINE, buttons.get(1).path("url").asText());
        assertEquals("danger", buttons.get(1).path("style").asText());
        assertFalse(buttons.get(0).path("action_id").asText().equals(buttons.get(1).path("action_id").asText()),
                "action_id unique within the message");
        noContactDetails(slack);
    }

    @Test
    void teamsIsAMessageWithOneAdaptiveCardAttachment() {
        JsonNode teams = Payloads.teams(notice("r-lukas", HandOffMessage.SLA_MISSED));
        assertEquals("message", teams.path("type").asText());
        assertEquals(1, teams.path("attachments").size());
        JsonNode attachment = teams.path("attachments").get(0);
        assertEquals("application/vnd.microsoft.card.adaptive", attachment.path("contentType").asText());
        assertTrue(attachment.has("contentUrl") && attachment.get("contentUrl").isNull());
        JsonNode card = attachment.path("content");
        assertEquals("AdaptiveCard", card.path("type").asText());
        assertEquals("http://adaptivecards.io/schemas/adaptive-card.json", card.path("$schema").asText());
        assertEquals("1.2", card.path("version").asText());
        assertEquals(List.of("TextBlock", "TextBlock", "FactSet"), types(card.path("body")));
        assertTrue(card.path("body").get(0).path("text").asText().startsWith("Lead passed to you"));
        assertTrue(card.path("body").get(1).path("text").asText().endsWith("after r-lukas did not accept it in time."));
        card.path("body").get(2).path("facts").forEach(fact -> {
            assertTrue(fact.path("title").isTextual());
            assertTrue(fact.path("value").isTextual());
        });
        assertEquals(List.of("Action.OpenUrl", "Action.OpenUrl"), types(card.path("actions")));
        assertEquals(ACCEPT, card.path("actions").get(0).path("url").asText());
        assertEquals(DECLINE, card.path("actions").get(1).path("url").asText());
        noContactDetails(teams);
    }

    @Test
    void webhookAssignmentNamesTheLeadTheRepTheReasonAndTheLinks() {
        JsonNode event = Payloads.webhookAssignment(notice("r-lukas", HandOffMessage.DECLINED));
        assertEquals("REASSIGNED", event.path("event").asText());
        assertEquals("lead-1", event.path("leadId").asText());
        assertEquals("r-anna", event.path("repId").asText());
        assertEquals(AT, event.path("at").asText());
        assertEquals("r-lukas", event.path("previousRepId").asText());
        assertEquals("DECLINED", event.path("reason").asText());
        assertEquals("Ana Souza", event.path("lead").path("name").asText());
        assertEquals("HOT", event.path("lead").path("grade").asText());
        assertEquals(72, event.path("lead").path("score").asInt());
        assertEquals(ACCEPT, event.path("acceptUrl").asText());
        assertEquals(DECLINE, event.path("declineUrl").asText());
        noContactDetails(event);
    }

    @Test
    void emailSaysWhoWhatWhyAndCarriesBothLinks() {
        Payloads.Email email = Payloads.email(notice(null, null));
        assertTrue(email.subject().contains("Ana Souza") && email.subject().contains("HOT, score 72"));
        for (String part : List.of(email.text(), email.html())) {
            assertTrue(part.contains("BR"));
            assertTrue(part.contains(ACCEPT) && part.contains(DECLINE));
            assertTrue(part.contains("turn in team emea"));
            assertFalse(part.contains("ana@souza.example") || part.contains("+5511999990000"));
        }
        assertTrue(email.html().contains("Souza &lt;Logistica&gt; &amp; Co"), "HTML escaped");
    }

    @Test
    void retriesBackOffUpToSqsLongestDelay() {
        assertEquals(5, HandOff.retryDelaySeconds(1));
        assertEquals(15, HandOff.retryDelaySeconds(2));
        assertEquals(45, HandOff.retryDelaySeconds(3));
        assertEquals(900, HandOff.retryDelaySeconds(HandOff.MAX_ATTEMPTS));
    }

    private static List<String> types(JsonNode nodes) {
        List<String> types = new ArrayList<>();
        nodes.forEach(node -> types.add(node.path("type").asText()));
        return types;
    }

    private static void noContactDetails(JsonNode payload) {
        String text = Json.write(payload);
        assertFalse(text.contains("ana@souza.example") || text.contains("+5511999990000"), "no email or phone: " + text);
    }
}
