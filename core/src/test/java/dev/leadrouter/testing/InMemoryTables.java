package dev.leadrouter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Touchpoint;
import dev.leadrouter.json.Json;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.port.DeliveryMarks;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Placement;
import dev.leadrouter.port.Placements;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.RuleSource;
import dev.leadrouter.routing.RepValidator;
import dev.leadrouter.routing.StoredRep;
import dev.leadrouter.routing.Turn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tables in memory, with the conditions the DynamoDB adapters write: a lead's version, a uniqueness claim's
 * key still free (or still pointing at the closed lead it takes over), a rep active with {@code openLeads} and
 * {@code capacity} as read at commit, a released rep holding a lead, a team's turn state at the version read.
 * Every operation holds one lock, so a placement is as atomic as a transaction. Items are kept as JSON, as the
 * tables keep them: nothing a caller changes on an object it read reaches the table without a write.
 */
public final class InMemoryTables implements Leads, Placements, DeliveryMarks {
    private static final Duration LEASE = Duration.ofSeconds(25);

    /** What a decision read of a rep item, as JSON (the table keeps JSON here). */
    private record MemoryReadAs(ObjectNode attributes) implements StoredRep.ReadAs {
        static StoredRep stored(Rep rep, ObjectNode item) {
            ObjectNode read = Json.object();
            StoredRep.DECIDED_ON.stream().filter(item::has).forEach(name -> read.set(name, item.get(name).deepCopy()));
            return new StoredRep(rep, new MemoryReadAs(read));
        }

        @Override
        public StoredRep.ReadAs withOpenLeads(int openLeads) {
            ObjectNode moved = attributes.deepCopy();
            moved.put("openLeads", openLeads);
            return new MemoryReadAs(moved);
        }
    }

    /** A uniqueness, idempotency or one-time use record (the prefixed records of the leads table). */
    private record KeyRecord(String leadId, String requestHash, Integer answerStatus, String answerBody) {
    }

    private final Map<String, ObjectNode> leads = new LinkedHashMap<>();
    private final Map<String, KeyRecord> records = new LinkedHashMap<>();
    private final Map<String, ObjectNode> reps = new LinkedHashMap<>();
    private final Map<String, ObjectNode> accounts = new LinkedHashMap<>();
    private final Map<String, ObjectNode> rules = new LinkedHashMap<>();
    private final Map<String, Long> deliveryLeases = new LinkedHashMap<>();
    private int accountReads;
    private final Map<String, Integer> leadReads = new LinkedHashMap<>();
    private int repBatchReads;
    private int creations;
    private final Clock clock;

    public InMemoryTables(Clock clock) {
        this.clock = clock;
    }

    // ---- what tests put in, as ops would ----

    public synchronized InMemoryTables putRep(String json) {
        ObjectNode item = (ObjectNode) Json.parse(json);
        reps.put(item.path("repId").asText(), item);
        return this;
    }

    public synchronized InMemoryTables putAccount(String json) {
        ObjectNode item = (ObjectNode) Json.parse(json);
        accounts.put(item.path("domain").asText().toLowerCase(Locale.ROOT), item);
        return this;
    }

    public synchronized InMemoryTables putRule(String json) {
        ObjectNode item = (ObjectNode) Json.parse(json);
        rules.put(item.path("ruleId").asText(), item);
        return this;
    }

    /** Writes the lead as it is, version included (a lead some earlier stage left). */
    public synchronized void putLead(Lead lead) {
        leads.put(lead.leadId, Json.tree(lead));
    }

    /** How many reads of the accounts table were made (each read asks for any number of domains). */
    public synchronized int accountReads() {
        return accountReads;
    }

    /** The rep's {@code openLeads} as stored. */
    public synchronized int openLeads(String repId) {
        return reps.get(repId).path("openLeads").asInt(0);
    }

    /** How often {@link #get} read the lead. */
    public synchronized int leadReads(String leadId) {
        return leadReads.getOrDefault(leadId, 0);
    }

    /** How many times {@link #create} was asked to store a lead, whether or not it did. */
    public synchronized int creations() {
        return creations;
    }

    /** How many batch reads of reps ({@link RepRoster#read(Collection)}) were made. */
    public synchronized int repBatchReads() {
        return repBatchReads;
    }

    public synchronized List<Lead> allLeads() {
        return leads.values().stream().map(InMemoryTables::lead).toList();
    }

    // ---- Leads ----

    @Override
    public synchronized Optional<Lead> get(String leadId) {
        leadReads.merge(leadId, 1, Integer::sum);
        return Optional.ofNullable(leads.get(leadId)).map(InMemoryTables::lead);
    }

    @Override
    public synchronized boolean saveIfVersion(Lead lead) {
        if (!versionHolds(lead)) {
            return false;
        }
        write(lead);
        return true;
    }

    @Override
    public synchronized Creation create(Lead lead, List<Claim> claims) {
        creations++;
        if (!versionHolds(lead) || records.containsKey(lead.leadId)) {
            return new Conflict();
        }
        for (Claim claim : claims) {
            KeyRecord held = records.get(claim.key());
            boolean free = held == null ? !leads.containsKey(claim.key())
                    : claim.takeOverFrom() != null && claim.takeOverFrom().equals(held.leadId());
            if (!free) {
                return new Duplicate(claim, held == null ? null : held.leadId());
            }
        }
        for (Claim claim : claims) {
            records.put(claim.key(), new KeyRecord(lead.leadId,
                    claim.idempotency() == null ? null : claim.idempotency().requestHash(), null, null));
        }
        write(lead);
        return new Created();
    }

    @Override
    public synchronized Optional<String> claimHolder(String key) {
        return Optional.ofNullable(records.get(key)).map(KeyRecord::leadId);
    }

    @Override
    public synchronized Optional<IdempotencyRecord> idempotency(String key) {
        return Optional.ofNullable(records.get(key))
                .map(r -> new IdempotencyRecord(r.leadId(), r.requestHash(), r.answerStatus(), r.answerBody()));
    }

    @Override
    public synchronized void rememberAnswer(String key, String leadId, String requestHash, int status, String body,
                                            Instant at, Instant expiresAt) {
        records.put(key, new KeyRecord(leadId, requestHash, status, body));
    }

    @Override
    public synchronized boolean used(String key) {
        return records.containsKey(key);
    }

    @Override
    public synchronized boolean recordUse(String key, String action, String repId, Instant usedAt, Instant keepUntil) {
        return records.putIfAbsent(key, new KeyRecord(null, null, null, action + " by " + repId)) == null;
    }

    @Override
    public synchronized Append appendTouchpoint(String leadId, Touchpoint touchpoint, int max, String now) {
        ObjectNode stored = leads.get(leadId);
        if (stored == null) {
            return Append.CLOSED_OR_MISSING;
        }
        Lead lead = lead(stored);
        if (lead.status == LeadStatus.CLOSED) {
            return Append.CLOSED_OR_MISSING;
        }
        if (lead.touchpoints.size() >= max) {
            return Append.FULL;
        }
        lead.touchpoints.add(touchpoint);
        lead.updatedAt = now;
        write(lead);
        return Append.APPENDED;
    }

    @Override
    public synchronized boolean markSent(Lead lead, String assignedAt, long dueAtWhileAssigned) {
        ObjectNode stored = leads.get(lead.leadId);
        Lead current = stored == null ? null : lead(stored);
        if (current == null || current.assignment == null || !assignedAt.equals(current.assignment.assignedAt())) {
            return false;
        }
        if (current.status == LeadStatus.ASSIGNED) {
            current.dueAt = dueAtWhileAssigned;
            lead.dueAt = dueAtWhileAssigned;
        } else if (assignedAt.equals(current.outputSent)) {
            return false;
        }
        current.outputSent = assignedAt;
        write(current);
        lead.outputSent = assignedAt;
        lead.version++;
        return true;
    }

    @Override
    public synchronized List<Lead> due(LeadStatus status, long nowMillis, int limit) {
        return leads.values().stream().map(InMemoryTables::lead)
                .filter(lead -> lead.status == status && lead.dueAt != null && lead.dueAt <= nowMillis)
                .sorted(Comparator.comparing(lead -> lead.dueAt)).limit(limit).toList();
    }

    @Override
    public synchronized boolean postpone(Lead lead, long nextDueAt) {
        ObjectNode stored = leads.get(lead.leadId);
        if (stored == null || !lead.status.name().equals(stored.path("status").asText())
                || lead.dueAt == null || stored.path("dueAt").asLong(-1) != lead.dueAt) {
            return false;
        }
        stored.put("dueAt", nextDueAt);
        lead.dueAt = nextDueAt;
        return true;
    }

    @Override
    public synchronized List<String> heldBy(String repId) {
        return leads.values().stream().map(InMemoryTables::lead)
                .filter(lead -> lead.status.holdsCapacity() && lead.assignment != null
                        && repId.equals(lead.assignment.repId()))
                .map(lead -> lead.leadId).toList();
    }

    // ---- Placements ----

    @Override
    public synchronized Commit commit(Placement placement) {
        Lead lead = placement.lead();
        if (!versionHolds(lead)) {
            return new LostRace();
        }
        if (placement.releaseRepId() != null) {
            ObjectNode released = reps.get(placement.releaseRepId());
            if (released == null || released.path("openLeads").asLong(0) <= 0) {
                return new NothingToRelease();
            }
        }
        if (placement.reserve() != null && !reservable(placement.reserve())) {
            ObjectNode now = reps.get(placement.reserve().rep().repId());
            return new RepChanged(now == null ? Optional.empty() : usable(now));
        }
        if (placement.releaseRepId() != null) {
            ObjectNode released = reps.get(placement.releaseRepId());
            released.put("openLeads", released.path("openLeads").asLong() - 1);
        }
        if (placement.reserve() != null) {
            ObjectNode reserved = reps.get(placement.reserve().rep().repId());
            reserved.put("openLeads", reserved.path("openLeads").asLong(0) + 1);
            Turn turn = placement.reserve().turn();
            if (turn != null) {
                JsonNode counts = reserved.get(turn.attribute());
                (counts instanceof ObjectNode map ? map : reserved.putObject(turn.attribute())).put(turn.team(), turn.next());
            }
        }
        write(lead);
        return new Committed();
    }

    /**
     * The reservation's condition: the rep exists and every attribute the decision read of it is unchanged
     * ({@code openLeads} only when capacity is enforced).
     */
    private boolean reservable(Placement.Reservation reservation) {
        Rep read = reservation.rep().rep();
        ObjectNode item = reps.get(read.repId);
        if (item == null) {
            return false;
        }
        if (reservation.capacityEnforced() && read.openLeads >= read.capacity) {
            throw new IllegalArgumentException("rep " + read.repId + " is at capacity");
        }
        if (reservation.turn() != null && !turnAsRead(item, reservation.turn())) {
            return false;
        }
        ObjectNode decidedOn = ((MemoryReadAs) reservation.rep().decidedOn()).attributes();
        for (String attribute : StoredRep.DECIDED_ON) {
            if (!reservation.capacityEnforced() && attribute.equals("openLeads")) {
                continue;
            }
            if (!java.util.Objects.equals(item.get(attribute), decidedOn.get(attribute))) {
                return false;
            }
        }
        return true;
    }

    /** The rep's count of turns is still the one read (absent or not a number when none was). */
    private static boolean turnAsRead(ObjectNode item, Turn turn) {
        JsonNode counts = item.get(turn.attribute());
        if (!turn.mapPresent()) {
            return counts == null || !counts.isObject();
        }
        if (counts == null || !counts.isObject()) {
            return false;
        }
        JsonNode count = counts.get(turn.team());
        return turn.previous() == null ? count == null || !count.isNumber()
                : count != null && count.isNumber() && count.decimalValue().compareTo(turn.previous()) == 0;
    }

    private static Optional<StoredRep> usable(ObjectNode item) {
        RepValidator.Checked<Rep> checked = RepValidator.rep(item.deepCopy());
        return checked.usable() ? Optional.of(MemoryReadAs.stored(checked.item(), item)) : Optional.empty();
    }

    // ---- RepRoster, Accounts, RuleSource: views on the same tables, under the same lock ----

    public RepRoster reps() {
        return new RepRoster() {
            @Override
            public List<Rep> all() {
                return usable().stream().map(StoredRep::rep).toList();
            }

            @Override
            public List<StoredRep> usable() {
                synchronized (InMemoryTables.this) {
                    return reps.values().stream().map(InMemoryTables::usable).flatMap(Optional::stream).toList();
                }
            }

            @Override
            public Optional<StoredRep> read(String repId) {
                synchronized (InMemoryTables.this) {
                    return Optional.ofNullable(reps.get(repId)).flatMap(InMemoryTables::usable);
                }
            }

            @Override
            public Map<String, StoredRep> read(Collection<String> repIds) {
                synchronized (InMemoryTables.this) {
                    repBatchReads++;
                }
                Map<String, StoredRep> found = new LinkedHashMap<>();
                repIds.stream().distinct().limit(MAX_BATCH_READ)
                        .forEach(repId -> read(repId).ifPresent(rep -> found.put(repId, rep)));
                return found;
            }

            @Override
            public List<ObjectNode> items() {
                synchronized (InMemoryTables.this) {
                    return reps.values().stream().map(ObjectNode::deepCopy).toList();
                }
            }

            @Override
            public Optional<Rep> get(String repId) {
                return item(repId).map(item -> RepValidator.rep(item).item());
            }

            @Override
            public boolean deactivate(String repId) {
                synchronized (InMemoryTables.this) {
                    ObjectNode item = reps.get(repId);
                    if (item == null) {
                        return false;
                    }
                    item.put("active", false);
                    return true;
                }
            }

            @Override
            public Optional<ObjectNode> item(String repId) {
                synchronized (InMemoryTables.this) {
                    return Optional.ofNullable(reps.get(repId)).map(ObjectNode::deepCopy);
                }
            }
        };
    }

    public Accounts accounts() {
        return new Accounts() {
            @Override
            public Map<String, Account> byDomains(Collection<String> domains) {
                Map<String, Account> found = new HashMap<>();
                synchronized (InMemoryTables.this) {
                    accountReads++;
                    for (String domain : domains) {
                        String key = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
                        Optional.ofNullable(accounts.get(key)).map(item -> RepValidator.account(item.deepCopy()).item())
                                .ifPresent(account -> found.put(key, account));
                    }
                }
                return found;
            }

            @Override
            public List<ObjectNode> items() {
                synchronized (InMemoryTables.this) {
                    return accounts.values().stream().map(ObjectNode::deepCopy).toList();
                }
            }
        };
    }

    public RuleSource rules() {
        return new RuleSource() {
            @Override
            public List<ObjectNode> all() {
                synchronized (InMemoryTables.this) {
                    return rules.values().stream().map(ObjectNode::deepCopy).toList();
                }
            }

            @Override
            public Optional<ObjectNode> item(String ruleId) {
                synchronized (InMemoryTables.this) {
                    return Optional.ofNullable(rules.get(ruleId)).map(ObjectNode::deepCopy);
                }
            }
        };
    }

    // ---- DeliveryMarks ----

    @Override
    public synchronized boolean claim(String key) {
        Long leaseUntil = deliveryLeases.get(key);
        long now = clock.millis();
        if (leaseUntil != null && (leaseUntil == Long.MAX_VALUE || leaseUntil >= now)) {
            return false;
        }
        deliveryLeases.put(key, now + LEASE.toMillis());
        return true;
    }

    @Override
    public synchronized void sent(String key) {
        deliveryLeases.put(key, Long.MAX_VALUE);
    }

    @Override
    public synchronized void release(String key) {
        deliveryLeases.computeIfPresent(key, (k, until) -> until == Long.MAX_VALUE ? until : 0L);
    }

    // ---- the conditions ----

    private boolean versionHolds(Lead lead) {
        ObjectNode stored = leads.get(lead.leadId);
        return lead.version == 0 ? stored == null : stored != null && stored.path("version").asLong() == lead.version;
    }

    private void write(Lead lead) {
        ObjectNode tree = Json.tree(lead);
        tree.put("version", lead.version + 1);
        leads.put(lead.leadId, tree);
        lead.version++;
    }

    private static Lead lead(ObjectNode stored) {
        return Json.convert(stored.deepCopy(), Lead.class);
    }
}
