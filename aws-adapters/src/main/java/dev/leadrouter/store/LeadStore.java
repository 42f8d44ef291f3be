package dev.leadrouter.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Touchpoint;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.port.Leads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The leads table. Besides leads it holds small records keyed by prefix: uniqueness claims
 * ({@code EMAIL#}, {@code PHONE#}, {@code EXT#}) and idempotency answers ({@code IDEM#}). Every lead write
 * is optimistic on {@link Lead#version}.
 */
public class LeadStore implements Leads {
    public static final String KEY = "leadId";
    /**
     * The sweep's index: leads by {@code statusShard} (the status and one of {@link #STATUS_SHARDS} shards of
     * the lead id, so that no status is one hot partition) and {@code dueAt}; it projects only what the sweep
     * and wake-ups read ({@link #DUE_ATTRIBUTES}).
     */
    public static final String STATUS_INDEX = "byStatusShard";
    public static final String STATUS_SHARD = "statusShard";
    public static final int STATUS_SHARDS = 8;
    /** What the status index projects besides the keys: what a re-drive needs. */
    public static final List<String> DUE_ATTRIBUTES = List.of("status", "assignment");
    /** The routing trace, stored as {@link StoredTrace} keeps it. */
    public static final String TRACE = "trace";
    /** DynamoDB's limit for a partition key. */
    private static final int MAX_KEY_BYTES = 2048;

    private final DynamoDbClient dynamo;
    private final String table;

    public LeadStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    @Override
    public Optional<Lead> get(String leadId) {
        return getItem(leadId).map(LeadStore::lead);
    }

    /** The lead a stored item holds (also an item's projection, or a stream record's image). */
    public static Lead lead(Map<String, AttributeValue> item) {
        ObjectNode tree = AttributeValues.fromItem(item);
        tree.remove(TRACE);
        Optional.ofNullable(item.get(TRACE)).flatMap(StoredTrace::read).ifPresent(trace -> tree.set(TRACE, trace));
        return Json.convert(tree, Lead.class);
    }

    /** The item storing {@code lead} as {@code tree} holds it. */
    private static Map<String, AttributeValue> item(ObjectNode tree) {
        JsonNode trace = tree.remove(TRACE);
        Map<String, AttributeValue> item = AttributeValues.toItem(tree);
        if (trace != null && !trace.isNull()) {
            item.put(TRACE, StoredTrace.of(trace));
        }
        return item;
    }

    public Optional<Map<String, AttributeValue>> getItem(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.empty(); // DynamoDB would reject the key, so no item has it
        }
        var response = dynamo.getItem(r -> r.tableName(table).key(key(key)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    @Override
    public boolean saveIfVersion(Lead lead) {
        try {
            dynamo.putItem(r -> {
                Put put = putLead(lead).put();
                r.tableName(put.tableName()).item(put.item()).conditionExpression(put.conditionExpression())
                        .expressionAttributeNames(put.expressionAttributeNames());
                if (put.hasExpressionAttributeValues()) {
                    r.expressionAttributeValues(put.expressionAttributeValues());
                }
            });
            lead.version++;
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * A transaction element writing {@code lead} on the condition that its stored version is still the
     * one read. After the transaction commits, the caller bumps {@code lead.version}.
     */
    public TransactWriteItem putLead(Lead lead) {
        ObjectNode tree = Json.tree(lead);
        tree.put("version", lead.version + 1);
        if (lead.status != null) {
            tree.put(STATUS_SHARD, statusShard(lead.status, Math.floorMod(lead.leadId.hashCode(), STATUS_SHARDS)));
        }
        Map<String, AttributeValue> item = item(tree);
        Put.Builder put = Put.builder().tableName(table).item(item)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.NONE);
        if (lead.version == 0) {
            put.conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", KEY));
        } else {
            put.conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(lead.version))));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    @Override
    public Creation create(Lead lead, List<Claim> claims) {
        Map<String, AttributeValue> pointer = Map.of("targetLeadId", AttributeValue.fromS(lead.leadId),
                "createdAt", AttributeValue.fromS(lead.receivedAt));
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(putLead(lead));
        for (Claim claim : claims) {
            Map<String, AttributeValue> record = new java.util.HashMap<>(pointer);
            if (claim.idempotency() != null) {
                record.put("expiresAt", AttributeValue.fromN(Long.toString(claim.idempotency().expiresAt().getEpochSecond())));
                record.put("requestHash", AttributeValue.fromS(claim.idempotency().requestHash()));
            }
            items.add(claim.takeOverFrom() == null ? claim(claim.key(), record)
                    : reclaim(claim.key(), record, claim.takeOverFrom()));
        }
        TransactionResult result = transact(items);
        if (result.committed()) {
            lead.version++;
            return new Created();
        }
        if (result.failedIndex() <= 0) {
            return new Conflict();
        }
        AttributeValue target = result.found().get("targetLeadId");
        return new Duplicate(claims.get(result.failedIndex() - 1), target == null ? null : target.s());
    }

    @Override
    public Optional<String> claimHolder(String key) {
        return getItem(key).map(item -> item.get("targetLeadId")).map(AttributeValue::s);
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String key) {
        return getItem(key).map(item -> new IdempotencyRecord(item.get("targetLeadId").s(),
                item.containsKey("requestHash") ? item.get("requestHash").s() : null,
                item.containsKey("responseStatus") ? Integer.valueOf(item.get("responseStatus").n()) : null,
                item.containsKey("responseBody") ? item.get("responseBody").s() : null));
    }

    @Override
    public void rememberAnswer(String key, String leadId, String requestHash, int status, String body, Instant at,
                               Instant expiresAt) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                KEY, AttributeValue.fromS(key),
                "targetLeadId", AttributeValue.fromS(leadId),
                "requestHash", AttributeValue.fromS(requestHash),
                "responseStatus", AttributeValue.fromN(Integer.toString(status)),
                "responseBody", AttributeValue.fromS(body),
                "createdAt", AttributeValue.fromS(at.toString()),
                "expiresAt", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
    }

    @Override
    public boolean used(String key) {
        return getItem(key).isPresent();
    }

    @Override
    public boolean recordUse(String key, String action, String repId, Instant usedAt, Instant keepUntil) {
        return transact(List.of(claim(key, Map.of(
                "action", AttributeValue.fromS(action),
                "repId", AttributeValue.fromS(repId),
                "usedAt", AttributeValue.fromS(usedAt.toString()),
                "expiresAt", AttributeValue.fromN(Long.toString(keepUntil.getEpochSecond())))))).committed();
    }

    @Override
    public Append appendTouchpoint(String leadId, Touchpoint touchpoint, int max, String now) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(leadId))
                    .updateExpression("SET #tp = list_append(if_not_exists(#tp, :empty), :tp), #v = #v + :one, "
                            + "updatedAt = :now")
                    .conditionExpression("attribute_exists(#k) AND #s <> :closed AND "
                            + "(attribute_not_exists(#tp) OR size(#tp) < :max)")
                    .expressionAttributeNames(Map.of("#tp", "touchpoints", "#v", "version", "#k", KEY, "#s", "status"))
                    .expressionAttributeValues(Map.of(
                            ":empty", AttributeValue.fromL(List.of()),
                            ":tp", AttributeValue.fromL(List.of(AttributeValues.toValue(Json.MAPPER.valueToTree(touchpoint)))),
                            ":one", AttributeValue.fromN("1"),
                            ":now", AttributeValue.fromS(now),
                            ":closed", AttributeValue.fromS(LeadStatus.CLOSED.name()),
                            ":max", AttributeValue.fromN(Integer.toString(max)))));
            return Append.APPENDED;
        } catch (ConditionalCheckFailedException e) {
            return openLead(leadId).isPresent() ? Append.FULL : Append.CLOSED_OR_MISSING;
        }
    }

    /** A transaction element creating a record that must not exist yet (a uniqueness claim). */
    private TransactWriteItem claim(String key, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
        item.put(KEY, AttributeValue.fromS(key));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#k)")
                .expressionAttributeNames(Map.of("#k", KEY))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * A transaction element claiming a key that is free or still points at {@code staleTarget} (a closed
     * lead), so one transaction takes over every key the closed lead held.
     */
    private TransactWriteItem reclaim(String key, Map<String, AttributeValue> attributes, String staleTarget) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
        item.put(KEY, AttributeValue.fromS(key));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#k) OR targetLeadId = :stale")
                .expressionAttributeNames(Map.of("#k", KEY))
                .expressionAttributeValues(Map.of(":stale", AttributeValue.fromS(staleTarget)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * Moves a lead's {@code dueAt} from {@code lead.dueAt} to {@code nextDueAt} if it is still in the
     * status and due time read, without touching its version: a stage working on the lead meanwhile
     * keeps its optimistic write (and sets its own next time).
     */
    @Override
    public boolean postpone(Lead lead, long nextDueAt) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(lead.leadId))
                    .updateExpression("SET dueAt = :next")
                    .conditionExpression("#s = :status AND dueAt = :due")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":next", AttributeValue.fromN(Long.toString(nextDueAt)),
                            ":status", AttributeValue.fromS(lead.status.name()),
                            ":due", AttributeValue.fromN(Long.toString(lead.dueAt)))));
            lead.dueAt = nextDueAt;
            return true;
        } catch (ConditionalCheckFailedException movedOn) {
            return false;
        }
    }

    /** One UpdateItem per case, conditioned on the assignment still being the lead's. */
    @Override
    public boolean markSent(Lead lead, String assignedAt, long dueAtWhileAssigned) {
        Map<String, String> names = Map.of("#v", "version", "#s", "status", "#a", "assignment", "#at", "assignedAt",
                "#sent", "outputSent");
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":at", AttributeValue.fromS(assignedAt),
                ":one", AttributeValue.fromN("1"), ":assigned", AttributeValue.fromS(LeadStatus.ASSIGNED.name())));
        try {
            Map<String, AttributeValue> whileAssigned = new java.util.HashMap<>(values);
            whileAssigned.put(":due", AttributeValue.fromN(Long.toString(dueAtWhileAssigned)));
            dynamo.updateItem(r -> r.tableName(table).key(key(lead.leadId))
                    .updateExpression("SET #sent = :at, dueAt = :due, #v = #v + :one")
                    .conditionExpression("#a.#at = :at AND #s = :assigned")
                    .expressionAttributeNames(names).expressionAttributeValues(whileAssigned));
            lead.dueAt = dueAtWhileAssigned;
        } catch (ConditionalCheckFailedException notAssigned) {
            try {
                dynamo.updateItem(r -> r.tableName(table).key(key(lead.leadId))
                        .updateExpression("SET #sent = :at, #v = #v + :one")
                        .conditionExpression("#a.#at = :at AND #s <> :assigned AND "
                                + "(attribute_not_exists(#sent) OR #sent <> :at)")
                        .expressionAttributeNames(names).expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException movedOn) {
                return false;
            }
        }
        lead.outputSent = assignedAt;
        lead.version++;
        return true;
    }

    /** Runs a transaction; on a lost condition says which element failed and what it found there. */
    public TransactionResult transact(List<TransactWriteItem> items) {
        try {
            dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
            return TransactionResult.COMMITTED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            for (int i = 0; i < reasons.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    return new TransactionResult(false, i, reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of());
                }
            }
            // Cancelled for another reason (e.g. a concurrent transaction on the same item): retryable.
            return new TransactionResult(false, -1, Map.of());
        }
    }

    /** Outcome of {@link #transact}: committed, or the index of the element whose condition failed (-1: conflict). */
    public record TransactionResult(boolean committed, int failedIndex, Map<String, AttributeValue> found) {
        static final TransactionResult COMMITTED = new TransactionResult(true, -1, Map.of());
    }

    /**
     * Every lead of the table, skipping the prefixed helper records, with only {@code attributes}
     * (and the key) read: a whole-table read for tests and the bench's checks, not on any port the services use.
     */
    public List<Lead> scanLeads(Collection<String> attributes) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("#a0", KEY);
        int i = 1;
        for (String attribute : attributes) {
            if (!attribute.equals(KEY)) {
                names.put("#a" + i++, attribute);
            }
        }
        String projection = String.join(", ", names.keySet());
        List<Lead> leads = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table)
                    .projectionExpression(projection).expressionAttributeNames(names);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (!item.get(KEY).s().contains("#")) {
                    leads.add(lead(item));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return leads;
    }

    /** The status index's partition of {@code status} and {@code shard}. */
    public static String statusShard(LeadStatus status, int shard) {
        return status.name() + "#" + shard;
    }

    @Override
    public List<Lead> due(LeadStatus status, long nowMillis, int limit) {
        int perShard = Math.ceilDiv(limit, STATUS_SHARDS);
        List<Lead> leads = new ArrayList<>();
        for (int shard = 0; shard < STATUS_SHARDS; shard++) {
            QueryRequest request = QueryRequest.builder().tableName(table).indexName(STATUS_INDEX)
                    .keyConditionExpression("#s = :s AND dueAt <= :now")
                    .expressionAttributeNames(Map.of("#s", STATUS_SHARD))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(statusShard(status, shard)),
                            ":now", AttributeValue.fromN(Long.toString(nowMillis))))
                    .limit(perShard).build();
            dynamo.queryPaginator(request).items().stream().limit(perShard)
                    .forEach(item -> leads.add(lead(item)));
        }
        leads.sort(java.util.Comparator.comparing((Lead lead) -> lead.dueAt));
        return leads.size() > limit ? leads.subList(0, limit) : leads;
    }

    /**
     * The indexes of the lead list ({@code GET /leads}): each keyed by one filter and {@code receivedAt}, so a
     * query reads newest first. They project only what the list shows, so the many writes of a lead in
     * the pipeline cost the indexes little.
     */
    public enum ListIndex {
        STATUS("byStatusShardReceived", STATUS_SHARD),
        ASSIGNEE("byAssignee", "assigneeRepId"),
        EMAIL("byEmail", "email"),
        EXTERNAL_ID("byExternalId", "externalId");

        public static final String SORT_KEY = "receivedAt";
        /** What a list entry shows (besides leadId). */
        public static final List<String> SHOWN = List.of("status", "receivedAt", "updatedAt", "source", "email",
                "firstName", "lastName", "company", "country", "externalId", "grade", "score", "assigneeRepId");

        public final String indexName;
        public final String partitionKey;

        ListIndex(String indexName, String partitionKey) {
            this.indexName = indexName;
            this.partitionKey = partitionKey;
        }

        /** The non-key attributes the index projects. */
        public List<String> projected() {
            return SHOWN.stream().filter(name -> !name.equals(partitionKey) && !name.equals(SORT_KEY)).toList();
        }
    }

    /** One page of a list query; {@code lastKey} empty when there is nothing more. */
    public record Page(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastKey) {
    }

    /** How many index pages one list request reads at most while a filter drops entries. */
    private static final int MAX_LIST_READS = 10;

    /**
     * Up to {@code limit} entries of {@code index} whose key is {@code value} and whose other attributes
     * equal {@code filters}, newest first, from {@code start} (empty: the beginning).
     */
    public Page list(ListIndex index, String value, Map<String, String> filters, int limit,
                     Map<String, AttributeValue> start) {
        Map<String, String> names = new LinkedHashMap<>(Map.of("#pk", index.partitionKey));
        Map<String, AttributeValue> values = new LinkedHashMap<>(Map.of(":pk", AttributeValue.fromS(value)));
        List<String> conditions = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            names.put("#f" + i, filter.getKey());
            values.put(":f" + i, AttributeValue.fromS(filter.getValue()));
            conditions.add("#f" + i + " = :f" + i);
            i++;
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> next = start;
        for (int read = 0; read < MAX_LIST_READS && items.size() < limit; read++) {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(index.indexName)
                    .keyConditionExpression("#pk = :pk").scanIndexForward(false)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .limit(limit - items.size());
            if (!conditions.isEmpty()) {
                request.filterExpression(String.join(" AND ", conditions));
            }
            if (next != null && !next.isEmpty()) {
                request.exclusiveStartKey(next);
            }
            QueryResponse response = dynamo.query(request.build());
            items.addAll(response.items());
            next = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of();
            if (next.isEmpty()) {
                break;
            }
        }
        return new Page(items, next == null ? Map.of() : next);
    }

    /**
     * Ids of the leads {@code repId} holds now (ASSIGNED or ACCEPTED), through the leads-by-assignee index.
     * Paged by hand: the function jars leave the SDK's paginators out.
     */
    @Override
    public List<String> heldBy(String repId) {
        List<String> held = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(ListIndex.ASSIGNEE.indexName)
                    .keyConditionExpression("#pk = :pk").filterExpression("#s IN (:assigned, :accepted)")
                    .projectionExpression(KEY)
                    .expressionAttributeNames(Map.of("#pk", ListIndex.ASSIGNEE.partitionKey, "#s", "status"))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(repId),
                            ":assigned", AttributeValue.fromS(LeadStatus.ASSIGNED.name()),
                            ":accepted", AttributeValue.fromS(LeadStatus.ACCEPTED.name())));
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(request.build());
            response.items().forEach(item -> held.add(item.get(KEY).s()));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return held;
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, AttributeValue.fromS(key));
    }
}
