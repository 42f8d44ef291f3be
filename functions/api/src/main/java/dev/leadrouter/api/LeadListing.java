package dev.leadrouter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.store.LeadStore;
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
 * the index (externalId, email, rep, status); the others filter its entries. The cursor is the query's
 * last key, bound to the index and key value it was made for, so it cannot reach another rep's leads.
 */
public class LeadListing {
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final LeadStore leads;

    public LeadListing(LeadStore leads) {
        this.leads = leads;
    }

    /** The answer: a page, or what is wrong with the request. */
    public record Result(List<FieldError> errors, ObjectNode page) {
    }

    /**
     * The leads matching {@code query} (parameter name to value); {@code onlyRepId} narrows them to that rep's
     * (null for ops, who see all).
     */
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
        putIfPresent(filters, ListIndex.STATUS.partitionKey, status);
        if (filters.isEmpty()) {
            return error("status", "give at least one of status, repId, email, externalId");
        }
        ListIndex index = List.of(ListIndex.EXTERNAL_ID, ListIndex.EMAIL, ListIndex.ASSIGNEE, ListIndex.STATUS).stream()
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
        for (Map<String, AttributeValue> item : page.items()) {
            ObjectNode entry = AttributeValues.fromItem(item);
            JsonNode assignee = entry.remove(ListIndex.ASSIGNEE.partitionKey);
            if (assignee != null) {
                entry.set("repId", assignee);
            }
            entries.add(entry);
        }
        answer.put("cursor", page.lastKey().isEmpty() ? null : encodeCursor(index, page.lastKey()));
        return new Result(List.of(), answer);
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
        JsonNode decoded;
        try {
            decoded = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        JsonNode key = decoded == null ? null : decoded.path("k");
        Set<String> expected = Set.of(LeadStore.KEY, index.partitionKey, ListIndex.SORT_KEY);
        if (key == null || !key.isObject() || !index.indexName.equals(decoded.path("i").asText(null))
                || key.size() != expected.size() || !value.equals(key.path(index.partitionKey).asText(null))) {
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
