package dev.leadrouter.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BoundedTtlCacheTest {
    private static final Duration TTL = Duration.ofSeconds(5);

    private final TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    private final List<String> reads = new ArrayList<>();
    private final Function<String, Optional<String>> reader = key -> {
        reads.add(key);
        return key.startsWith("none") ? Optional.empty() : Optional.of("account of " + key);
    };

    @Test
    void aKeySeenAgainWithinTheTtlCostsNoRead() {
        BoundedTtlCache<String, Optional<String>> cache = new BoundedTtlCache<>(10, TTL, clock);
        assertEquals(Optional.of("account of acme.com"), cache.get("acme.com", reader));
        assertEquals(Optional.empty(), cache.get("none.com", reader));
        clock.advance(TTL.minusMillis(1));
        assertEquals(Optional.of("account of acme.com"), cache.get("acme.com", reader));
        assertEquals(Optional.empty(), cache.get("none.com", reader), "no account is kept too");
        assertEquals(List.of("acme.com", "none.com"), reads);
    }

    @Test
    void loadingReadsOnlyTheMissingKeysInOneCallAndKeepsThem() {
        BoundedTtlCache<String, Optional<String>> cache = new BoundedTtlCache<>(10, TTL, clock);
        cache.get("acme.com", reader);
        List<List<String>> asked = new ArrayList<>();
        cache.load(List.of("acme.com", "b.com", "none.com", "b.com"), keys -> {
            asked.add(keys);
            Map<String, Optional<String>> values = new HashMap<>();
            keys.forEach(key -> values.put(key, reader.apply(key)));
            return values;
        });
        assertEquals(List.of(List.of("b.com", "none.com")), asked);
        assertEquals(Optional.of("account of b.com"), cache.get("b.com", reader));
        assertEquals(Optional.empty(), cache.get("none.com", reader));
        assertEquals(List.of("acme.com", "b.com", "none.com"), reads, "nothing loaded is read again");
    }

    @Test
    void aValueOlderThanTheTtlIsReadAgain() {
        BoundedTtlCache<String, Optional<String>> cache = new BoundedTtlCache<>(10, TTL, clock);
        cache.get("acme.com", reader);
        clock.advance(TTL);
        cache.get("acme.com", reader);
        assertEquals(List.of("acme.com", "acme.com"), reads);
    }

    @Test
    void beyondItsSizeTheLeastRecentlyUsedKeyGoes() {
        BoundedTtlCache<String, Optional<String>> cache = new BoundedTtlCache<>(2, TTL, clock);
        cache.get("a.com", reader);
        cache.get("b.com", reader);
        cache.get("a.com", reader); // a.com is now the most recently used
        cache.get("c.com", reader);
        assertEquals(2, cache.size());
        cache.get("a.com", reader);
        cache.get("b.com", reader);
        assertEquals(List.of("a.com", "b.com", "c.com", "b.com"), reads);
    }

    @Test
    void withoutATtlNothingIsKept() {
        BoundedTtlCache<String, Optional<String>> cache = new BoundedTtlCache<>(10, Duration.ZERO, clock);
        cache.get("acme.com", reader);
        cache.get("acme.com", reader);
        assertEquals(2, reads.size());
        assertEquals(0, cache.size());
    }
}
