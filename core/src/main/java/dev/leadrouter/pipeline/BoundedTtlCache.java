package dev.leadrouter.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A few values by key, each kept for the TTL from when it was read, the least recently used dropped beyond
 * {@code maxEntries}: for ops-edited items read per lead by key, so that a key seen again soon costs no
 * read and an edit still takes effect within the TTL. A TTL of zero keeps nothing. Thread-safe; the value
 * is read outside the lock, so two callers may both read a key that is missing.
 */
public final class BoundedTtlCache<K, V> {
    private final Duration ttl;
    private final Clock clock;
    private final Map<K, Kept<V>> entries;

    private record Kept<V>(V value, Instant at) {
    }

    public BoundedTtlCache(int maxEntries, Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Kept<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The value of {@code key}, read with {@code reader} when not kept or older than the TTL. */
    public V get(K key, Function<K, V> reader) {
        Instant now = clock.instant();
        synchronized (entries) {
            Kept<V> kept = entries.get(key);
            if (kept != null && now.isBefore(kept.at().plus(ttl))) {
                return kept.value();
            }
        }
        V value = reader.apply(key);
        if (ttl.isPositive()) {
            synchronized (entries) {
                entries.put(key, new Kept<>(value, now));
            }
        }
        return value;
    }

    /**
     * Reads the keys among {@code keys} that are not kept or older than the TTL with one call of
     * {@code reader}, which answers for every key it is given, and keeps the values.
     */
    public void load(Collection<K> keys, Function<List<K>, Map<K, V>> reader) {
        if (!ttl.isPositive()) {
            return;
        }
        Instant now = clock.instant();
        List<K> missing;
        synchronized (entries) {
            missing = keys.stream().distinct().filter(key -> {
                Kept<V> kept = entries.get(key);
                return kept == null || !now.isBefore(kept.at().plus(ttl));
            }).toList();
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<K, V> values = reader.apply(missing);
        synchronized (entries) {
            missing.forEach(key -> entries.put(key, new Kept<>(values.get(key), now)));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
