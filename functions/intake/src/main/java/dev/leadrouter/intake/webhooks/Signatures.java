package dev.leadrouter.intake.webhooks;

import dev.leadrouter.handoff.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Checks the shared secrets and signatures of the platforms, in time that does not depend on where they differ. */
public final class Signatures {
    private static final String META_SIGNATURE_PREFIX = "sha256=";

    private Signatures() {
    }

    /** Whether {@code given} is the configured secret; never when none is configured. */
    public static boolean sameSecret(String given, String configured) {
        if (given == null || configured == null || configured.isEmpty()) {
            return false;
        }
        // Comparing digests keeps the comparison constant-time even when the lengths differ.
        return MessageDigest.isEqual(sha256(given.getBytes(StandardCharsets.UTF_8)),
                sha256(configured.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether {@code header} ({@code X-Hub-Signature-256}) is {@code sha256=} and the hex HMAC-SHA256 of the
     * raw body with the app secret; never when no secret is configured.
     */
    public static boolean metaSignatureValid(byte[] rawBody, String header, String appSecret) {
        if (header == null || appSecret == null || appSecret.isEmpty()) {
            return false;
        }
        String signature = header.strip();
        if (!signature.toLowerCase(Locale.ROOT).startsWith(META_SIGNATURE_PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(META_SIGNATURE_PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(given, Hmac.sha256(appSecret, rawBody));
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
