package dev.leadrouter.stats;

import dev.leadrouter.domain.Lead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a batch of lead changes (stream records, in order) moves the counters: each change adds
 * {@link LeadCounters#of} its new image and takes away that of its old one, in the minute, hour and day of the
 * lead's receivedAt (see {@link StatsKey}). The batch is cut into chunks whose aggregate items fit one DynamoDB transaction.
 */
public final class StatsDeltas {
    /** DynamoDB's limit of items per transaction. */
    public static final int MAX_ITEMS = 100;
    /** A ClientRequestToken's longest length. */
    private static final int TOKEN_LENGTH = 36;

    private StatsDeltas() {
    }

    /** One change of a lead item: either image may be null (created, removed). */
    public record Change(String sequenceNumber, Lead oldLead, Lead newLead) {
    }

    /**
     * Changes written together: the counter deltas by aggregate item (zeroes left out) and a token derived
     * from the changes' sequence numbers, the same whenever the same changes come again.
     */
    public record Chunk(List<Change> changes, Map<String, Map<String, Long>> deltas, String token) {
    }

    public static List<Chunk> chunks(List<Change> changes) {
        return chunks(changes, MAX_ITEMS);
    }

    static List<Chunk> chunks(List<Change> changes, int maxItems) {
        List<Chunk> chunks = new ArrayList<>();
        List<Change> current = new ArrayList<>();
        Map<String, Map<String, Long>> deltas = new LinkedHashMap<>();
        for (Change change : changes) {
            Map<String, Map<String, Long>> next = copy(deltas);
            add(next, change);
            if (next.size() > maxItems && !current.isEmpty()) {
                chunks.add(chunk(current, deltas));
                current = new ArrayList<>();
                next = new LinkedHashMap<>();
                add(next, change);
            }
            current.add(change);
            deltas = next;
        }
        if (!current.isEmpty()) {
            chunks.add(chunk(current, deltas));
        }
        return chunks;
    }

    /** The deltas of {@code changes} by aggregate item, zeroes left out. */
    public static Map<String, Map<String, Long>> deltas(List<Change> changes) {
        Map<String, Map<String, Long>> deltas = new LinkedHashMap<>();
        changes.forEach(change -> add(deltas, change));
        return deltas;
    }

    private static void add(Map<String, Map<String, Long>> deltas, Change change) {
        apply(deltas, change.oldLead(), -1);
        apply(deltas, change.newLead(), 1);
        deltas.values().forEach(counters -> counters.values().removeIf(amount -> amount == 0));
        deltas.values().removeIf(Map::isEmpty);
    }

    private static void apply(Map<String, Map<String, Long>> deltas, Lead lead, int sign) {
        if (lead == null || lead.receivedAt == null) {
            return; // no bucket to count it in; GET /stats only counts leads by their receipt
        }
        Instant received = Instant.parse(lead.receivedAt);
        Map<String, Long> counters = LeadCounters.of(lead);
        for (String key : StatsKey.of(received)) {
            Map<String, Long> item = deltas.computeIfAbsent(key, k -> new LinkedHashMap<>());
            counters.forEach((name, amount) -> item.merge(name, sign * amount, Long::sum));
        }
    }

    private static Chunk chunk(List<Change> changes, Map<String, Map<String, Long>> deltas) {
        return new Chunk(List.copyOf(changes), deltas, token(changes));
    }

    private static String token(List<Change> changes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Change change : changes) {
                sha.update(change.sequenceNumber().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) ',');
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, TOKEN_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Map<String, Long>> copy(Map<String, Map<String, Long>> deltas) {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        deltas.forEach((key, counters) -> copy.put(key, new LinkedHashMap<>(counters)));
        return copy;
    }
}
