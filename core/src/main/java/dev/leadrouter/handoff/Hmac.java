package dev.leadrouter.handoff;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, as the signed webhook, the action links, the Meta signature check and local JWTs use it. */
public final class Hmac {
    private Hmac() {
    }

    public static byte[] sha256(String secret, byte[] data) {
        return sha256(secret.getBytes(StandardCharsets.UTF_8), data);
    }

    public static byte[] sha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code X-LeadRouter-Signature} value of a webhook body: {@code sha256=<hex>}. */
    public static String signatureHeader(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(sha256(secret, body));
    }

    /** Constant-time comparison, so a forger learns nothing from timing. */
    public static boolean equal(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
