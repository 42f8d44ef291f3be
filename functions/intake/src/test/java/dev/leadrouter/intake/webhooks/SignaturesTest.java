package dev.leadrouter.intake.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignaturesTest {
    private static final String SECRET = "meta-app-secret";
    private final byte[] body = Payloads.text("meta-leadgen-notification.json").getBytes(StandardCharsets.UTF_8);

    /** What Meta sends: sha256= and the hex HMAC-SHA256 of the raw body with the app secret. */
    static String sign(byte[] data, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(data));
    }

    @Test
    void aMetaSignatureOfTheRawBodyVerifies() throws Exception {
        assertTrue(Signatures.metaSignatureValid(body, sign(body, SECRET), SECRET));
        assertTrue(Signatures.metaSignatureValid(body, sign(body, SECRET).toUpperCase(Locale.ROOT), SECRET));
    }

    @Test
    void aWrongMissingOrUnconfiguredSignatureIsRefused() throws Exception {
        String signature = sign(body, SECRET);
        assertFalse(Signatures.metaSignatureValid(body, sign(body, "another-secret"), SECRET));
        assertFalse(Signatures.metaSignatureValid(body, null, SECRET));
        assertFalse(Signatures.metaSignatureValid(body, signature, null));
        assertFalse(Signatures.metaSignatureValid(body, signature, ""));
        assertFalse(Signatures.metaSignatureValid(body, signature.substring("sha256=".length()), SECRET));
        assertFalse(Signatures.metaSignatureValid(body, "sha256=not-hex", SECRET));
        assertFalse(Signatures.metaSignatureValid(body, signature.substring(0, signature.length() - 2), SECRET));
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        String signature = sign(body, SECRET);
        byte[] reformatted = new String(body, StandardCharsets.UTF_8).replace("\n", "").getBytes(StandardCharsets.UTF_8);

        assertFalse(Signatures.metaSignatureValid(reformatted, signature, SECRET));
    }

    @Test
    void secretsMatchOnlyWhenEqualAndConfigured() {
        assertTrue(Signatures.sameSecret("s3cret", "s3cret"));
        assertFalse(Signatures.sameSecret("s3cret", "s3cret2"));
        assertFalse(Signatures.sameSecret("", ""));
        assertFalse(Signatures.sameSecret(null, "s3cret"));
        assertFalse(Signatures.sameSecret("s3cret", null));
    }
}
