package dev.leadrouter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.port.RepRoster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rep a token names: by its {@code repId} claim (one read), or by its {@code email} claim through a
 * map of rep emails read at most once per {@code ttl}, so the cost stays bounded however many requests
 * come (the reps table is small, and ops may type an email of any type, which an index would refuse).
 */
final class RepDirectory {
    private final RepRoster reps;
    private final Duration ttl;
    private final Clock clock;
    private Map<String, String> repIdByEmail = Map.of();
    private Instant readAt;

    RepDirectory(RepRoster reps, Duration ttl, Clock clock) {
        this.reps = reps;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The caller the identity stands for: ops, the rep it names, or nobody known. */
    Access.Caller caller(Access.Identity identity) {
        if (identity.ops()) {
            return new Access.Ops(identity.actor());
        }
        return repId(identity).<Access.Caller>map(repId -> new Access.Rep(repId, repId))
                .orElseGet(() -> new Access.Nobody(identity.actor()));
    }

    private Optional<String> repId(Access.Identity identity) {
        if (identity.repId() != null) {
            return reps.get(identity.repId()).map(rep -> rep.repId);
        }
        return identity.email() == null ? Optional.empty() : Optional.ofNullable(emails().get(identity.email()));
    }

    /** Rep emails, lower-cased; an email two reps share names neither. */
    private synchronized Map<String, String> emails() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(ttl))) {
            Map<String, String> byEmail = new HashMap<>();
            Set<String> shared = new HashSet<>();
            for (ObjectNode item : reps.items()) {
                JsonNode email = item.path("email");
                JsonNode repId = item.path("repId");
                if (email.isTextual() && repId.isTextual() && !email.textValue().isBlank()) {
                    String key = email.textValue().trim().toLowerCase(Locale.ROOT);
                    if (byEmail.putIfAbsent(key, repId.textValue()) != null) {
                        shared.add(key);
                    }
                }
            }
            shared.forEach(byEmail::remove);
            repIdByEmail = byEmail;
            readAt = now;
        }
        return repIdByEmail;
    }
}
