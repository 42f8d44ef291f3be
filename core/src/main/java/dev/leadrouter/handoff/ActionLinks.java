package dev.leadrouter.handoff;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.leadrouter.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Accept and decline links that need no login: the token names the lead, the rep, the assignment and the
 * action, expires with the SLA and is signed with HMAC-SHA256, so only the system can make one. Single use
 * is kept by the API (one use record per assignment, shared by both actions).
 */
public final class ActionLinks {
    public static final String ACCEPT = "accept";
    public static final String DECLINE = "decline";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a link lets its holder do, until {@code expiresAt} (epoch seconds). */
    public record Link(@JsonProperty("l") String leadId, @JsonProperty("r") String repId,
                       @JsonProperty("a") String assignedAt, @JsonProperty("x") String action,
                       @JsonProperty("e") long expiresAt) {
        /** The use record of the assignment: once either action is used, both links are spent. */
        public String useKey() {
            return "LINK#" + leadId + "#" + assignedAt;
        }
    }

    private final String secret;

    public ActionLinks(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a link secret is required");
        }
        this.secret = secret;
    }

    public String token(Link link) {
        String payload = ENCODER.encodeToString(Json.write(link).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(Hmac.sha256(secret, payload.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The link of a token signed with this secret; empty for anything else (tampered, truncated, foreign). */
    public Optional<Link> verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!Hmac.equal(Hmac.sha256(secret, payload.getBytes(StandardCharsets.US_ASCII)), signature)) {
                return Optional.empty();
            }
            Link link = Json.read(new String(DECODER.decode(payload), StandardCharsets.UTF_8), Link.class);
            boolean complete = link.leadId() != null && link.repId() != null && link.assignedAt() != null
                    && (ACCEPT.equals(link.action()) || DECLINE.equals(link.action()));
            return complete ? Optional.of(link) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
