package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The current {@link RuleSet}, reloaded from the rules table when it is older than the TTL, so that
 * ops' edits take effect within the TTL. Unchanged items are not compiled again. When a reload fails
 * the last good set is kept (and the load retried after another TTL): only the very first load can
 * fail a caller. Thread-safe; while one thread reloads, the others keep serving the current set.
 */
public final class RulesCache {
    private static final Log LOG = Log.of(RulesCache.class);

    private final Supplier<? extends Collection<ObjectNode>> loader;
    private final Duration ttl;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Loaded loaded;

    private record Loaded(RuleSet rules, Instant at) {
    }

    public RulesCache(Supplier<? extends Collection<ObjectNode>> loader, Duration ttl, Clock clock) {
        this.loader = loader;
        this.ttl = ttl;
        this.clock = clock;
    }

    public RuleSet current() {
        Loaded current = loaded;
        if (current != null && fresh(current)) {
            return current.rules();
        }
        if (current == null) {
            reloading.lock();
        } else if (!reloading.tryLock()) {
            return current.rules();
        }
        try {
            current = loaded;
            if (current != null && fresh(current)) {
                return current.rules();
            }
            loaded = reload(current);
            return loaded.rules();
        } finally {
            reloading.unlock();
        }
    }

    private boolean fresh(Loaded current) {
        return clock.instant().isBefore(current.at().plus(ttl));
    }

    private Loaded reload(Loaded previous) {
        Instant now = clock.instant();
        RuleSet rules;
        try {
            Collection<ObjectNode> items = loader.get();
            long version = RuleSet.fingerprint(items);
            if (previous != null && previous.rules().version() == version) {
                return new Loaded(previous.rules(), now);
            }
            rules = RuleSet.compile(items);
        } catch (RuntimeException e) {
            if (previous == null) {
                throw e;
            }
            LOG.warn("rules reload failed, keeping the previous rules", "version", previous.rules().version(),
                    "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return new Loaded(previous.rules(), now);
        }
        for (InvalidRule invalid : rules.invalidRules()) {
            LOG.warn("invalid rule skipped", "ruleId", invalid.ruleId(), "reason", invalid.reason());
        }
        LOG.info("rules compiled", "version", rules.version(), "qualificationRules", rules.qualificationRules().size(),
                "routingRules", rules.routingRules().size(), "invalidRules", rules.invalidRules().size());
        return new Loaded(rules, now);
    }
}
