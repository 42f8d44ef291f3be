package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.handoff.Hmac;
import dev.leadrouter.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HS256 JSON Web Tokens, as the local stack's stand-in for API Gateway's JWT authorizer: a token is
 * accepted when its signature matches the secret and it is within {@code exp} and {@code nbf}; its
 * claims are then passed on as the authorizer passes them (every value a string, lists as {@code [a b]}).
 */
public final class Hs256Jwt {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** Clock skew tolerated on exp and nbf. */
    private static final long LEEWAY_SECONDS = 5;

    private final byte[] secret;
    private final Clock clock;

    public Hs256Jwt(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** A verified token: claims as API Gateway puts them in the event, and the token's scopes. */
    public record Verified(Map<String, String> claims, List<String> scopes) {
    }

    /** The token's claims when it is a valid, current HS256 token signed with the secret; else empty. */
    public Optional<Verified> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode header = Json.MAPPER.readTree(DECODER.decode(parts[0]));
            if (!header.isObject() || !"HS256".equals(header.path("alg").asText(null))) {
                return Optional.empty();
            }
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode payload = Json.MAPPER.readTree(DECODER.decode(parts[1]));
            if (!payload.isObject()) {
                return Optional.empty();
            }
            long now = clock.instant().getEpochSecond();
            JsonNode exp = payload.path("exp");
            JsonNode nbf = payload.path("nbf");
            if (!exp.isNumber() || now > exp.asLong() + LEEWAY_SECONDS
                    || (!nbf.isMissingNode() && (!nbf.isNumber() || now + LEEWAY_SECONDS < nbf.asLong()))) {
                return Optional.empty();
            }
            Map<String, String> claims = new LinkedHashMap<>();
            payload.fields().forEachRemaining(field -> claims.put(field.getKey(), claimText(field.getValue())));
            List<String> scopes = new ArrayList<>();
            for (String scope : payload.path("scope").asText("").split(" ")) {
                if (!scope.isBlank()) {
                    scopes.add(scope);
                }
            }
            return Optional.of(new Verified(claims, scopes));
        } catch (IllegalArgumentException | java.io.IOException malformed) {
            return Optional.empty();
        }
    }

    /** A token with {@code claims}, signed with the secret (for tests and for trying the API by hand). */
    public String sign(Map<String, ?> claims) {
        String header = ENCODER.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = ENCODER.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + ENCODER.encodeToString(sign(header + "." + payload));
    }

    private byte[] sign(String signingInput) {
        return Hmac.sha256(secret, signingInput.getBytes(StandardCharsets.US_ASCII));
    }

    /** A claim value as the JWT authorizer renders it: text as is, lists as "[a b]", anything else as JSON. */
    private static String claimText(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isTextual() ? item.textValue() : item.toString()));
            return "[" + String.join(" ", items) + "]";
        }
        return value.toString();
    }
}
