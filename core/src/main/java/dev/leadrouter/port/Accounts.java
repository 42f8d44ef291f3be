package dev.leadrouter.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import java.util.List;
import java.util.Optional;

/** The ops-edited accounts, keyed by email domain. */
public interface Accounts {
    Optional<Account> byDomain(String domain);

    /** Every account item as stored, for validation (never on a per-lead path). */
    List<ObjectNode> items();
}
