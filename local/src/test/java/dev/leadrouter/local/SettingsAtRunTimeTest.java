package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.SamTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deploy that changes only secrets or tunables must reach the `live` alias. SAM publishes a new version only
 * when the version's logical id changes, and computes it from the unresolved environment: so these values are
 * not in the functions' configuration at all, but in the FunctionSettings secret, read at run time.
 */
class SettingsAtRunTimeTest {
    /** The parameters that change what running functions do, and a second value for each. */
    private static final Map<String, String> CHANGED = Map.of(
            "GoogleAdsKey", "rotated-google-key", "MetaAppSecret", "rotated-app-secret",
            "MetaVerifyToken", "rotated-verify-token", "MetaAccessToken", "rotated-access-token",
            "StuckAfterSeconds", "120", "RulesCacheSeconds", "9");

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
    void aChangedSecretTakesEffectInTheRunningFunctionsWithinTheCacheTime() {
        try (LocalStack stack = LocalStack.start(new LocalStackOptions().port(0).dynamoDbPort(0).sqsPort(0)
                .functionCredentials(true).seed(false).sweepSeconds(3600).rulesCacheSeconds(1)
                .metaVerifyToken("first-token"))) {
            ApiClient api = ApiClient.of(stack);
            assertEquals(200, handshake(api, "first-token"));

            stack.updateSettings(stack.config().withWebhookSecrets(null, null, "second-token", null, null));

            TestStack.await(() -> handshake(api, "second-token") == 200, Duration.ofSeconds(10),
                    "the new verify token is accepted");
            assertNotEquals(200, handshake(api, "first-token"), "the old verify token is refused");
        }
    }

    private static int handshake(ApiClient api, String token) {
        return api.get("/webhooks/meta?hub.mode=subscribe&hub.verify_token=" + token + "&hub.challenge=42").statusCode();
    }
}
