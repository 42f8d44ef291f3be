package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Lead;

/**
 * A native payload mapped onto the canonical lead body ({@code POST /leads} format), with what the
 * platform tells beyond it: the key that makes its retries idempotent and whether it is a test lead.
 */
public record MappedLead(JsonNode body, String idempotencyKey, boolean test) {

    /** A body that is already canonical. */
    public static MappedLead canonical(JsonNode body) {
        return new MappedLead(body, null, false);
    }

    /** Carries the platform's knowledge over to the cleansed lead. */
    public void mark(Lead lead) {
        if (test) {
            lead.test = true;
        }
    }
}
