package dev.leadrouter.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ActionLinksTest {
    private static final ActionLinks.Link LINK = new ActionLinks.Link("lead-1", "r-anna",
            "2026-11-23T10:00:00.123Z", ActionLinks.ACCEPT, 1_800_000_000L);

    @Test
    void aTokenNamesItsLinkAndNothingElse() {
        ActionLinks links = new ActionLinks("secret-of-at-least-some-length");
        String token = links.token(LINK);
        assertEquals(LINK, links.verify(token).orElseThrow());
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), "URL-safe: " + token);
    }

    @Test
    void tamperedTruncatedOrForeignTokensAreRefused() {
        ActionLinks links = new ActionLinks("secret-of-at-least-some-length");
        String token = links.token(LINK);
        String decline = links.token(new ActionLinks.Link("lead-1", "r-anna", LINK.assignedAt(), ActionLinks.DECLINE,
                LINK.expiresAt()));
        String swapped = decline.substring(0, decline.indexOf('.')) + token.substring(token.indexOf('.'));
        assertTrue(links.verify(swapped).isEmpty(), "payload of one link with the signature of another");
        assertTrue(links.verify(token.substring(0, token.length() - 2)).isEmpty(), "truncated");
        assertTrue(links.verify(new ActionLinks("another-secret-entirely").token(LINK)).isEmpty(), "other secret");
        assertTrue(links.verify("").isEmpty());
        assertTrue(links.verify("a.b.c").isEmpty());
        assertTrue(links.verify("not a token").isEmpty());
    }

    @Test
    void theUseRecordIsSharedByBothActionsOfAnAssignment() {
        ActionLinks.Link decline = new ActionLinks.Link("lead-1", "r-anna", LINK.assignedAt(), ActionLinks.DECLINE,
                LINK.expiresAt());
        assertEquals(LINK.useKey(), decline.useKey());
    }

    @Test
    void webhookSignatureIsTheHexHmacSha256OfTheBody() {
        // RFC 4231-style known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        assertEquals("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                Hmac.signatureHeader("key", "The quick brown fox jumps over the lazy dog"
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
