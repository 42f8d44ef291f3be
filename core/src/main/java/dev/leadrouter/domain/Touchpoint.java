package dev.leadrouter.domain;

import java.util.Map;

/** A later submission of the same person, kept on the original lead instead of a second lead. */
public record Touchpoint(String at, String source, Map<String, String> campaign, String message,
                         String externalId, Map<String, String> attributes) {
}
