package dev.leadrouter.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.port.LeadList;
import dev.leadrouter.store.LeadStore.ListIndex;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /leads}: filters to one index query, newest first. The most selective filter given picks
 * the index (externalId, email, rep, status); the others filter its entries. The status index is sharded
 * ({@code statusShard}, so that no status is one hot partition): a status alone merges its shards, and no
 * filter at all (ops) merges every shard of every status. The cursor is the query's last key (per shard when
 * merged), bound to the index and key value it was made for, so it cannot reach another rep's leads.
 */
public class LeadListing implements LeadList {
    public static final int DEFAULT_LIMIT = 25;
    private static final String STATUS = "status";
    public static final int MAX_LIMIT = 100;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final LeadStore leads;

    public LeadListing(LeadStore leads) {
        this.leads = leads;
    }

    @Override
    public Result list(Function<String, String> query, String onlyRepId) {
        String status = trimmed(query.apply("status"));
        String repId = onlyRepId != null ? onlyRepId : trimmed(query.apply("repId"));
        String email = trimmed(query.apply("email"));
        String externalId = trimmed(query.apply("externalId"));
        if (status != null) {
            status = status.toUpperCase(Locale.ROOT);
            try {
                LeadStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                return error("status", "status must be one of " + List.of(LeadStatus.values()));
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitText = trimmed(query.apply("limit"));
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return error("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        Map<String, String> filters = new LinkedHashMap<>();
        putIfPresent(filters, ListIndex.EXTERNAL_ID.partitionKey, externalId);
        putIfPresent(filters, ListIndex.EMAIL.partitionKey, email == null ? null : email.toLowerCase(Locale.ROOT));
        putIfPresent(filters, ListIndex.ASSIGNEE.partitionKey, repId);
        if (filters.isEmpty()) {
            List<String> shards = new java.util.ArrayList<>();
            for (LeadStatus each : status == null ? LeadStatus.values() : new LeadStatus[]{LeadStatus.valueOf(status)}) {
                for (int shard = 0; shard < LeadStore.STATUS_SHARDS; shard++) {
                    shards.add(LeadStore.statusShard(each, shard));
                }
            }
            String tag = status == null ? "*" : status;
            try {
                return new Result(List.of(), merged(shards, limit,
                        decodeMergedCursor(trimmed(query.apply("cursor")), tag, shards), tag));
            } catch (IllegalArgumentException e) {
                return error("cursor", "cursor is not one this query returned");
            }
        }
        putIfPresent(filters, STATUS, status);
        ListIndex index = List.of(ListIndex.EXTERNAL_ID, ListIndex.EMAIL, ListIndex.ASSIGNEE).stream()
                .filter(candidate -> filters.containsKey(candidate.partitionKey)).findFirst().orElseThrow();
        String value = filters.remove(index.partitionKey);
        Map<String, AttributeValue> start;
        try {
            start = decodeCursor(trimmed(query.apply("cursor")), index, value);
        } catch (IllegalArgumentException e) {
            return error("cursor", "cursor is not one this query returned");
        }
        LeadStore.Page page = leads.list(index, value, filters, limit, start);
        ObjectNode answer = Json.object();
        ArrayNode entries = answer.putArray("leads");
        page.items().forEach(item -> entries.add(entry(item)));
        answer.put("cursor", page.lastKey().isEmpty() ? null : encodeCursor(index, page.lastKey()));
        return new Result(List.of(), answer);
    }

    /**
     * Leads of the status index's {@code shards}, newest first: each shard read and merged. The cursor keeps,
     * per shard, the key of the last entry shown (null once that shard has no more), so each page continues
     * every shard exactly where it stopped.
     */
    private ObjectNode merged(List<String> shards, int limit, Map<String, Map<String, AttributeValue>> starts,
                              String tag) {
        record Candidate(String status, Map<String, AttributeValue> item, boolean lastOfPage, boolean statusDone) {
            String receivedAt() {
                AttributeValue at = item.get(ListIndex.SORT_KEY);
                return at == null ? "" : at.s();
            }
        }
        List<Candidate> candidates = new java.util.ArrayList<>();
        Map<String, Map<String, AttributeValue>> next = new LinkedHashMap<>();
        for (String name : shards) {
            if (starts != null && !starts.containsKey(name)) {
                continue; // done on an earlier page
            }
            Map<String, AttributeValue> start = starts == null ? null : starts.get(name);
            LeadStore.Page page = leads.list(ListIndex.STATUS, name, Map.of(), limit, start);
            next.put(name, start);
            for (int i = 0; i < page.items().size(); i++) {
                boolean last = i == page.items().size() - 1;
                candidates.add(new Candidate(name, page.items().get(i), last, last && page.lastKey().isEmpty()));
            }
            if (page.items().isEmpty()) {
                next.remove(name);
            }
        }
        // Stable: entries of one status keep their index order, so a status's start key never skips one.
        candidates.sort(java.util.Comparator.comparing(Candidate::receivedAt).reversed());
        List<Candidate> shown = candidates.subList(0, Math.min(limit, candidates.size()));
        for (Candidate candidate : shown) {
            if (candidate.statusDone()) {
                next.remove(candidate.status());
            } else {
                next.put(candidate.status(), Map.of(LeadStore.KEY, candidate.item().get(LeadStore.KEY),
                        ListIndex.STATUS.partitionKey, AttributeValue.fromS(candidate.status()),
                        ListIndex.SORT_KEY, candidate.item().get(ListIndex.SORT_KEY)));
            }
        }
        ObjectNode answer = Json.object();
        ArrayNode entries = answer.putArray("leads");
        shown.forEach(candidate -> entries.add(entry(candidate.item())));
        answer.put("cursor", next.isEmpty() ? null : encodeMergedCursor(next, tag));
        return answer;
    }

    private static String encodeMergedCursor(Map<String, Map<String, AttributeValue>> starts, String tag) {
        ObjectNode cursor = Json.object();
        cursor.put("i", tag);
        ObjectNode keys = cursor.putObject("k");
        starts.forEach((status, start) -> {
            if (start == null) {
                keys.putNull(status);
            } else {
                ObjectNode key = keys.putObject(status);
                start.forEach((name, value) -> key.put(name, value.s()));
            }
        });
        return ENCODER.encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The per-shard starts in {@code cursor}; null for none; IllegalArgumentException when it is not such a cursor. */
    private static Map<String, Map<String, AttributeValue>> decodeMergedCursor(String cursor, String tag,
                                                                               List<String> shards) {
        if (cursor == null) {
            return null;
        }
        JsonNode decoded = parseCursor(cursor);
        JsonNode keys = decoded.path("k");
        if (!tag.equals(decoded.path("i").asText(null)) || !keys.isObject()) {
            throw new IllegalArgumentException("not this query's cursor");
        }
        Map<String, Map<String, AttributeValue>> starts = new LinkedHashMap<>();
        var fields = keys.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!shards.contains(field.getKey())) {
                throw new IllegalArgumentException("not this query's cursor");
            }
            starts.put(field.getKey(), field.getValue().isNull() ? null
                    : startKey(field.getValue(), ListIndex.STATUS, field.getKey()));
        }
        return starts;
    }

    private static ObjectNode entry(Map<String, AttributeValue> item) {
        ObjectNode entry = AttributeValues.fromItem(item);
        entry.remove(LeadStore.STATUS_SHARD);
        JsonNode assignee = entry.remove(ListIndex.ASSIGNEE.partitionKey);
        if (assignee != null) {
            entry.set("repId", assignee);
        }
        return entry;
    }

    private static String encodeCursor(ListIndex index, Map<String, AttributeValue> lastKey) {
        ObjectNode cursor = Json.object();
        cursor.put("i", index.indexName);
        ObjectNode key = cursor.putObject("k");
        lastKey.forEach((name, value) -> key.put(name, value.s()));
        return ENCODER.encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The start key in {@code cursor}; null for none; IllegalArgumentException when it does not fit the query. */
    private static Map<String, AttributeValue> decodeCursor(String cursor, ListIndex index, String value) {
        if (cursor == null) {
            return null;
        }
        JsonNode decoded = parseCursor(cursor);
        if (!index.indexName.equals(decoded.path("i").asText(null))) {
            throw new IllegalArgumentException("not this query's cursor");
        }
        return startKey(decoded.path("k"), index, value);
    }

    private static JsonNode parseCursor(String cursor) {
        try {
            JsonNode decoded = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
            if (decoded == null || !decoded.isObject()) {
                throw new IllegalArgumentException("not a cursor");
            }
            return decoded;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    /** A start key of {@code index} for key {@code value}: exactly its three key attributes, all text. */
    private static Map<String, AttributeValue> startKey(JsonNode key, ListIndex index, String value) {
        Set<String> expected = Set.of(LeadStore.KEY, index.partitionKey, ListIndex.SORT_KEY);
        if (!key.isObject() || key.size() != expected.size() || !value.equals(key.path(index.partitionKey).asText(null))) {
            throw new IllegalArgumentException("not this query's cursor");
        }
        Map<String, AttributeValue> start = new LinkedHashMap<>();
        for (String name : expected) {
            JsonNode part = key.path(name);
            if (!part.isTextual() || part.textValue().isEmpty()) {
                throw new IllegalArgumentException("incomplete cursor");
            }
            start.put(name, AttributeValue.fromS(part.textValue()));
        }
        return start;
    }

    private static void putIfPresent(Map<String, String> filters, String name, String value) {
        if (value != null) {
            filters.put(name, value);
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Result error(String field, String message) {
        return new Result(List.of(new FieldError(field, message)), null);
    }
}
