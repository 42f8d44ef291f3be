package dev.leadrouter.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.lambda.PermanentFailure;

/** Maps a CRM record in its native format (message attribute {@code format}) onto the canonical lead body. */
final class CrmFormats {
    static final String CANONICAL = "canonical";

    private CrmFormats() {
    }

    static JsonNode toCanonical(String format, JsonNode record) {
        return switch (format) {
            case CANONICAL -> record;
            default -> throw new PermanentFailure("format", "unknown format " + format
                    + "; use canonical, salesforce or hubspot");
        };
    }
}
