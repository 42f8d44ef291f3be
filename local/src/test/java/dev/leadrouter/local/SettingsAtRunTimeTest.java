package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.handoff.ActionLinks;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.SamTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deploy that changes only secrets or tunables must reach the `live` alias. SAM publishes a new version only
 * when the version's logical id changes, and computes it from the unresolved environment: so these values are
 * not in the functions' configuration at all, but in the FunctionSettings secret, read at run time.
 */
@Tag("end-to-end")
class SettingsAtRunTimeTest {
    private static final String FIRST_LINK_SECRET = "first-link-signing-secret-of-32-characters";

    /** Its own stack: the tests change its settings at run time, which no other class may see. */
    @RegisterExtension
    static final StackExtension STACK = StackExtension.ownStack(options -> options.seed(false).sweepSeconds(3600)
            .rulesCacheSeconds(1).metaVerifyToken("first-token").linkSecret(FIRST_LINK_SECRET));

    /** The parameters that change what running functions do, and a second value for each. */
    private static final Map<String, String> CHANGED = Map.ofEntries(
            Map.entry("GoogleAdsKey", "rotated-google-key"), Map.entry("MetaAppSecret", "rotated-app-secret"),
            Map.entry("MetaVerifyToken", "rotated-verify-token"), Map.entry("MetaAccessToken", "rotated-access-token"),
            Map.entry("StuckAfterSeconds", "120"), Map.entry("RulesCacheSeconds", "9"),
            Map.entry("LinkSigningSecret", "rotated-link-signing-secret-of-32-characters"),
            Map.entry("SenderEmail", "rotated-sender@example.com"),
            Map.entry("SalesforceUrl", "https://rotated.my.salesforce.com"), Map.entry("SalesforceToken", "rotated-sf"),
            Map.entry("HubSpotUrl", "https://api.hubapi.com"), Map.entry("HubSpotToken", "rotated-hs"));

    @Test
    void changedSecretsAndTunablesReachTheSettingsSecretAndNothingThatNeedsANewVersion() {
        SamTemplate before = SamTemplate.transformed();
        SamTemplate after = SamTemplate.transformed(CHANGED);

        for (String function : before.functions().keySet()) {
            JsonNode properties = before.resource(function).path("Properties");
            assertEquals(properties, after.resource(function).path("Properties"),
                    function + ": its configuration must not depend on these parameters (it would need a new version)");
            String text = Json.write(properties);
            for (String parameter : CHANGED.keySet()) {
                assertFalse(text.contains("\"" + parameter + "\"") || text.contains("${" + parameter + "}"),
                        function + " is configured from " + parameter + ": that value would stay on the old version");
            }
            assertEquals(Map.of("Ref", "FunctionSettings"),
                    Json.MAPPER.convertValue(properties.path("Environment").path("Variables").path("SETTINGS_SECRET_ARN"), Map.class),
                    function + " reads its settings from FunctionSettings");
        }
        String settings = Json.write(before.resource("FunctionSettings").path("Properties").path("SecretString"));
        for (String parameter : CHANGED.keySet()) {
            assertTrue(settings.contains("${" + parameter + "}"), "FunctionSettings holds " + parameter);
        }
        assertNotEquals(before.resourcesOfType("AWS::Lambda::Version"), List.of(), "functions are published");
    }

    @Test
    void aChangedSecretTakesEffectInTheRunningFunctionsWithinTheCacheTime(LocalStack stack, ApiClient api) {
        assertEquals(200, handshake(api, "first-token"));

        stack.updateSettings(stack.config().withWebhookSecrets(null, null, "second-token", null, null));

        Awaitility.await("the new verify token is accepted").atMost(Duration.ofSeconds(10))
                .until(() -> handshake(api, "second-token") == 200);
        assertNotEquals(200, handshake(api, "first-token"), "the old verify token is refused");
    }

    @Test
    void aChangedLinkSigningSecretTakesEffectInTheRunningLinkPages(LocalStack stack, ApiClient api) {
        String second = "second-link-signing-secret-of-32-characters";
        String signedFirst = linkPath(FIRST_LINK_SECRET);
        String signedSecond = linkPath(second);
        assertTrue(api.get(signedFirst).body().contains("Lead not found"), "the first secret's link verifies");

        HandOffConfig handOff = stack.config().handOff();
        stack.updateSettings(stack.config().withHandOff(handOff.withSettings(second, handOff.senderEmail(),
                handOff.salesforceUrl(), handOff.salesforceToken(), handOff.hubspotUrl(), handOff.hubspotToken())));

        Awaitility.await("links signed with the new secret verify").atMost(Duration.ofSeconds(10))
                .until(() -> api.get(signedSecond).body().contains("Lead not found"));
        assertTrue(api.get(signedFirst).body().contains("Link not valid"), "links of the old secret are void");
    }

    /** A link to a lead that does not exist: once its signature verifies, the page says the lead is not found. */
    private static String linkPath(String secret) {
        return "/links/" + new ActionLinks(secret).token(new ActionLinks.Link("no-such-lead", "r-nobody",
                "2026-11-23T10:00:00Z", ActionLinks.ACCEPT, Instant.now().plusSeconds(3600).getEpochSecond()));
    }

    private static int handshake(ApiClient api, String token) {
        return api.get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=" + token + "&hub.challenge=42").statusCode();
    }
}
