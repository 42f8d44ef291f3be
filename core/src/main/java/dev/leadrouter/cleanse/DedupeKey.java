package dev.leadrouter.cleanse;

import dev.leadrouter.domain.Lead;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes two submissions the same person: the same cleansed email, or the same E.164 phone, each on
 * its own (a phone-only submission matches a lead that also has an email). A value that could not be
 * cleansed (kept raw with a warning) identifies no one.
 */
public final class DedupeKey {
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    private DedupeKey() {
    }

    /** The lead's keys, email first; empty when it has neither a usable email nor a usable phone. */
    public static List<String> all(Lead lead) {
        List<String> keys = new ArrayList<>(2);
        if (lead.email != null && LeadValidator.isEmailAddress(lead.email)) {
            keys.add("EMAIL#" + lead.email);
        }
        if (lead.phone != null && E164.matcher(lead.phone).matches()) {
            keys.add("PHONE#" + lead.phone);
        }
        return keys;
    }

    /** The first of {@link #all}. */
    public static Optional<String> of(Lead lead) {
        return all(lead).stream().findFirst();
    }
}
