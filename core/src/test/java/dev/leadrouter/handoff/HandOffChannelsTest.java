package dev.leadrouter.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Notify;
import dev.leadrouter.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandOffChannelsTest {
    private static final String REP_EMAIL = "anna@example.com";

    private static Notify notify(String repNotify, String settingsNotify) {
        return Notify.of(repNotify == null ? null : Json.parse(repNotify),
                Notify.defaults(settingsNotify == null ? null : Json.parse(settingsNotify)));
    }

    @Test
    void aRepAskingForNoChannelWithALeadFromNoCrmHasNothingToHandOff() {
        Notify none = notify(null, null);

        assertEquals(Notify.NONE, none);
        assertEquals(List.of(), HandOffChannels.ofAssignment(none, REP_EMAIL));
        assertFalse(HandOffChannels.anythingToHandOff(none, REP_EMAIL, ""));
        assertFalse(HandOffChannels.anythingToHandOff(none, REP_EMAIL, null));
    }

    @Test
    void aLeadHeldInSalesforceOrHubSpotMayHaveItsOwnerWrittenBackWhateverTheRepIsToldOn() {
        assertTrue(HandOffChannels.anythingToHandOff(Notify.NONE, REP_EMAIL, "salesforce"));
        assertTrue(HandOffChannels.anythingToHandOff(Notify.NONE, REP_EMAIL, "hubspot"));
        assertEquals(Optional.of("hubspot"), HandOffChannels.writeBackCrm("hubspot"));
        assertEquals(Optional.empty(), HandOffChannels.writeBackCrm("pipedrive"), "no write-back to other CRMs");
        assertFalse(HandOffChannels.anythingToHandOff(Notify.NONE, REP_EMAIL, "pipedrive"));
    }

    @Test
    void everyChannelAskedForIsDeliveredInOrderAndEmailNeedsTheRepsAddress() {
        Notify all = notify("""
                {"email": true, "slackWebhookUrl": "https://slack.example/a", "teamsWebhookUrl": "https://teams.example/a",
                 "webhookUrl": "https://hook.example/a"}""", null);

        assertEquals(List.of("email", "slack", "teams", "webhook"), HandOffChannels.ofAssignment(all, REP_EMAIL));
        assertEquals(List.of("slack", "teams", "webhook"), HandOffChannels.ofAssignment(all, " "));
        assertFalse(HandOffChannels.anythingToHandOff(notify("{\"email\": true}", null), null, ""),
                "email asked for, but the rep has no address");
        assertEquals(List.of("webhook"), HandOffChannels.ofEvent(all), "lifecycle events go to the webhook alone");
        assertEquals(List.of(), HandOffChannels.ofEvent(notify("{\"email\": true}", null)));
    }

    @Test
    void theSettingsDefaultTellsARepWhoseItemSaysNothing() {
        Notify fromDefault = notify(null, "{\"email\": \"true\", \"webhookUrl\": \"https://hook.example/all\"}");

        assertEquals(new Notify(true, null, null, "https://hook.example/all"), fromDefault);
        assertTrue(HandOffChannels.anythingToHandOff(fromDefault, REP_EMAIL, ""));
    }

    @Test
    void theRepsOwnValuesWinOverTheDefaultEvenToTurnItOff() {
        String defaults = "{\"email\": true, \"slackWebhookUrl\": \"https://slack.example/all\"}";

        Notify off = notify("{\"email\": false, \"slackWebhookUrl\": \"\"}", defaults);
        assertEquals(Notify.NONE, off);
        assertFalse(HandOffChannels.anythingToHandOff(off, REP_EMAIL, ""));
        assertEquals(new Notify(true, "https://slack.example/all", null, null),
                notify("{\"email\": null, \"teamsWebhookUrl\": 42}", defaults),
                "a null email leaves the default; a URL that is no text is no channel");
    }

    @Test
    void aNotifyThatIsNoMapIsNoChannelAndNeverFails() {
        assertEquals(Notify.NONE, notify("\"email\"", "[1, 2]"));
        assertEquals(new Notify(true, null, null, null), notify("\"email\"", "{\"email\": true}"),
                "the rep's unusable value leaves the default");
    }
}
