package dev.leadrouter.cleanse;

import dev.leadrouter.domain.Lead;
import java.util.Optional;

/** What makes two submissions the same person: the cleansed email, or without one the E.164 phone. */
public final class DedupeKey {
    private DedupeKey() {
    }

    public static Optional<String> of(Lead lead) {
        if (lead.email != null) {
            return Optional.of("EMAIL#" + lead.email);
        }
        if (lead.phone != null) {
            return Optional.of("PHONE#" + lead.phone);
        }
        return Optional.empty();
    }
}
