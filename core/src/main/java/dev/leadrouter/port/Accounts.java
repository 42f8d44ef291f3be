package dev.leadrouter.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The ops-edited accounts, keyed by email domain. */
public interface Accounts {
    /**
     * The usable accounts of {@code domains}, by lower-cased domain, read together (the routing function asks
     * for a whole batch of leads' domains at once); a domain with no usable account is absent.
     */
    Map<String, Account> byDomains(Collection<String> domains);

    default Optional<Account> byDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDomains(List.of(domain)).get(domain.toLowerCase(Locale.ROOT)));
    }

    /** Every account item as stored, for validation (never on a per-lead path). */
    List<ObjectNode> items();
}
