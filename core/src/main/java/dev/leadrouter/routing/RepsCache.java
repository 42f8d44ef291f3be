package dev.leadrouter.routing;

import dev.leadrouter.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The usable reps of one container, read whole (a Scan) at most once per TTL instead of once per lead, so
 * that an ops edit takes effect within the TTL as a rule edit does. Its staleness is harmless: a placement
 * reserves the rep on the condition that everything read from it is unchanged ({@link RepStore#reserve}),
 * and what a lost race finds, or our own commit writes, is put back here at once ({@link #update}). A TTL
 * of zero reads on every call. When a reload fails the reps read before are kept (only the very first load
 * can fail a caller). Thread-safe.
 */
public final class RepsCache {
    private static final Log LOG = Log.of(RepsCache.class);

    private final Supplier<? extends Collection<StoredRep>> loader;
    private final Duration ttl;
    private final Clock clock;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Loaded loaded;

    private record Loaded(Map<String, StoredRep> reps, Instant at) {
    }

    /**
     * The reps one decision works with, by id, and whether they were read just now rather than taken from
     * an earlier read.
     */
    public record Reps(Map<String, StoredRep> byId, boolean readNow) {
    }

    public RepsCache(Supplier<? extends Collection<StoredRep>> loader, Duration ttl, Clock clock) {
        this.loader = loader;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Reps current() {
        Loaded current = loaded;
        if (current != null && fresh(current)) {
            return snapshot(current, false);
        }
        if (current == null) {
            reloading.lock();
        } else if (!reloading.tryLock()) {
            return snapshot(current, false);
        }
        try {
            current = loaded;
            if (current != null && fresh(current)) {
                return snapshot(current, false);
            }
            Loaded reloaded = reload(current);
            loaded = reloaded;
            return snapshot(reloaded, current == null || reloaded.reps() != current.reps());
        } finally {
            reloading.unlock();
        }
    }

    /** The rep as just read or written by us ({@code rep}), or gone or no longer usable (empty). */
    public void update(String repId, Optional<StoredRep> rep) {
        Loaded current = loaded;
        if (current == null) {
            return;
        }
        rep.ifPresentOrElse(now -> current.reps().put(repId, now), () -> current.reps().remove(repId));
    }

    private boolean fresh(Loaded current) {
        return clock.instant().isBefore(current.at().plus(ttl));
    }

    private static Reps snapshot(Loaded loaded, boolean readNow) {
        return new Reps(Map.copyOf(loaded.reps()), readNow);
    }

    private Loaded reload(Loaded previous) {
        Instant now = clock.instant();
        try {
            Map<String, StoredRep> reps = new ConcurrentHashMap<>();
            loader.get().forEach(rep -> reps.put(rep.repId(), rep));
            return new Loaded(reps, now);
        } catch (RuntimeException e) {
            if (previous == null) {
                throw e;
            }
            LOG.warn("reps reload failed, keeping the reps read before",
                    "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return new Loaded(previous.reps(), now);
        }
    }
}
