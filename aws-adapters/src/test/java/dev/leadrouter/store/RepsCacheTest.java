package dev.leadrouter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Rep;
import dev.leadrouter.routing.RepsCache;
import dev.leadrouter.routing.StoredRep;
import dev.leadrouter.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RepsCacheTest {
    private static final Duration TTL = Duration.ofSeconds(5);

    private final TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<StoredRep> table = new ArrayList<>();
    private final AtomicInteger scans = new AtomicInteger();
    private RuntimeException scanFailure;
    private final RepsCache cache = new RepsCache(() -> {
        scans.incrementAndGet();
        if (scanFailure != null) {
            throw scanFailure;
        }
        return List.copyOf(table);
    }, TTL, clock);

    private static StoredRep rep(String repId, int openLeads, boolean active) {
        Rep rep = new Rep();
        rep.repId = repId;
        rep.capacity = 10;
        rep.openLeads = openLeads;
        rep.active = active;
        return DynamoReadAs.stored(rep, Map.of("repId", AttributeValue.fromS(repId),
                "openLeads", AttributeValue.fromN(Integer.toString(openLeads)), "active", AttributeValue.fromBool(active)));
    }

    @Test
    void readsTheRepsOncePerTtlNotOncePerDecision() {
        table.add(rep("r-a", 0, true));
        assertTrue(cache.current().readNow());
        for (int i = 0; i < 100; i++) {
            RepsCache.Reps reps = cache.current();
            assertFalse(reps.readNow());
            assertEquals(List.of("r-a"), List.copyOf(reps.byId().keySet()));
        }
        assertEquals(1, scans.get());
        clock.advance(TTL);
        assertTrue(cache.current().readNow());
        assertEquals(2, scans.get());
    }

    @Test
    void anOpsEditTakesEffectWithinTheTtl() {
        table.add(rep("r-a", 0, true));
        cache.current();
        table.set(0, rep("r-a", 0, false));
        table.add(rep("r-new", 0, true));
        clock.advance(TTL.minusMillis(1));
        assertTrue(cache.current().byId().get("r-a").rep().active, "still the earlier read, within the TTL");
        clock.advance(Duration.ofMillis(1));
        RepsCache.Reps reps = cache.current();
        assertFalse(reps.byId().get("r-a").rep().active);
        assertTrue(reps.byId().containsKey("r-new"));
    }

    @Test
    void whatARaceFoundOrOurCommitWroteReplacesTheRepAtOnce() {
        table.add(rep("r-a", 0, true));
        table.add(rep("r-b", 0, true));
        cache.current();
        cache.update("r-a", Optional.of(rep("r-a", 0, true).afterCommit(1, null)));
        cache.update("r-b", Optional.empty());
        Map<String, StoredRep> reps = cache.current().byId();
        assertEquals(1, reps.get("r-a").rep().openLeads);
        assertEquals(AttributeValue.fromN("1"), DynamoReadAs.of(reps.get("r-a")).get("openLeads"));
        assertFalse(reps.containsKey("r-b"));
        assertEquals(1, scans.get());
    }

    @Test
    void aSnapshotDoesNotChangeUnderTheDecisionUsingIt() {
        table.add(rep("r-a", 0, true));
        cache.current();
        Map<String, StoredRep> snapshot = cache.current().byId();
        cache.update("r-a", Optional.of(rep("r-a", 3, true)));
        assertEquals(0, snapshot.get("r-a").rep().openLeads);
    }

    @Test
    void withoutATtlEveryDecisionReadsAnew() {
        RepsCache fresh = new RepsCache(() -> {
            scans.incrementAndGet();
            return List.copyOf(table);
        }, Duration.ZERO, clock);
        assertTrue(fresh.current().readNow());
        assertTrue(fresh.current().readNow());
        assertEquals(2, scans.get());
    }

    @Test
    void aFailedReloadKeepsTheRepsReadBeforeButAFailedFirstLoadFails() {
        scanFailure = new IllegalStateException("throttled");
        assertThrows(IllegalStateException.class, cache::current);
        scanFailure = null;
        table.add(rep("r-a", 0, true));
        cache.current();
        clock.advance(TTL);
        scanFailure = new IllegalStateException("throttled");
        RepsCache.Reps kept = cache.current();
        assertFalse(kept.readNow());
        assertTrue(kept.byId().containsKey("r-a"));
    }
}
