package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Hs256JwtTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Hs256Jwt JWT = new Hs256Jwt("secret", Clock.fixed(NOW, ZoneOffset.UTC));

    private static long at(long seconds) {
        return NOW.getEpochSecond() + seconds;
    }

    @Test
    void aCurrentTokenPassesWithItsClaimsAsTheAuthorizerRendersThem() {
        var verified = JWT.verify(JWT.sign(Map.of("sub", "u1", "exp", at(60), "scope", "openid ops",
                "cognito:groups", List.of("a", "b"), "n", 7))).orElseThrow();
        assertEquals("u1", verified.claims().get("sub"));
        assertEquals("[a b]", verified.claims().get("cognito:groups"));
        assertEquals("7", verified.claims().get("n"));
        assertEquals(List.of("openid", "ops"), verified.scopes());
    }

    @Test
    void expiryAndNotBeforeAreChecked() {
        assertTrue(JWT.verify(JWT.sign(Map.of("exp", at(-60)))).isEmpty());
        assertTrue(JWT.verify(JWT.sign(Map.of("exp", at(-2)))).isPresent(), "a few seconds of clock skew pass");
        assertTrue(JWT.verify(JWT.sign(Map.of("sub", "no expiry"))).isEmpty());
        assertTrue(JWT.verify(JWT.sign(Map.of("exp", "tomorrow"))).isEmpty());
        assertTrue(JWT.verify(JWT.sign(Map.of("exp", at(600), "nbf", at(60)))).isEmpty());
        assertTrue(JWT.verify(JWT.sign(Map.of("exp", at(600), "nbf", at(-60)))).isPresent());
    }

    @Test
    void onlyHs256WithTheSecretPasses() {
        String token = JWT.sign(Map.of("sub", "u1", "exp", at(60)));
        String[] parts = token.split("\\.");
        String otherPayload = b64("{\"sub\":\"admin\",\"scope\":\"ops\",\"exp\":" + at(60) + "}");
        assertTrue(JWT.verify(parts[0] + "." + otherPayload + "." + parts[2]).isEmpty(), "tampered payload");
        assertTrue(JWT.verify(b64("{\"alg\":\"none\"}") + "." + parts[1] + ".").isEmpty(), "alg none");
        assertTrue(JWT.verify(b64("{\"alg\":\"HS512\"}") + "." + parts[1] + "." + parts[2]).isEmpty());
        assertTrue(new Hs256Jwt("other", Clock.fixed(NOW, ZoneOffset.UTC)).verify(token).isEmpty());
        for (String malformed : List.of("", "a", "a.b", "a.b.c", "a.b.c.d", "%%.%%.%%", token + ".")) {
            assertTrue(JWT.verify(malformed).isEmpty(), malformed);
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
