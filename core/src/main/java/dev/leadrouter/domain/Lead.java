package dev.leadrouter.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A lead as stored in the leads table and shown by {@code GET /leads/{id}}: the cleansed fields
 * of CONTRACT.md, "POST /leads", plus what the pipeline adds (status, score, assignment, history, trace).
 */
public class Lead {
    public String leadId;
    public LeadStatus status;
    public Source source;

    public String email;
    public String emailDomain;
    public Boolean freeMail;
    public String phone;
    public String firstName;
    public String lastName;
    public String company;
    public String title;
    public String country;
    public String region;
    public String city;
    public Long employees;
    public Double annualRevenue;
    public String industry;
    public String product;
    public String language;
    public Map<String, String> campaign;
    public String message;
    public String externalId;
    /** The CRM a CRM import came from in its native format ("salesforce", "hubspot"): its owner is written back. */
    public String crm;
    public Map<String, String> attributes = new LinkedHashMap<>();
    /** Fields that could not be cleansed and keep the raw value; null when there are none. */
    public List<FieldError> warnings;
    /** A platform's test lead: scored and traced, never given to a rep. */
    public Boolean test;

    public Integer score;
    public Grade grade;
    public Assignment assignment;
    /** Reps who let this lead's SLA lapse: never offered it again. */
    public List<String> missedReps = new ArrayList<>();
    public String outcome;
    /**
     * Which output message has been sent for the current state ("NURTURE", or the assignedAt of the
     * assignment): a redelivery re-sends only what is not marked here.
     */
    public String outputSent;

    /** The most recent later submissions of the same person; older ones are in {@link #earlierTouchpoints}. */
    public List<Touchpoint> touchpoints = new ArrayList<>();
    /** Touchpoints folded out of {@link #touchpoints}; null while none was. */
    public TouchpointSummary earlierTouchpoints;
    public List<HistoryEntry> history = new ArrayList<>();
    /** {"qualification": {...}, "routing": {...}}: why the lead was scored and routed as it was. */
    public ObjectNode trace;

    public String receivedAt;
    public String updatedAt;
    /**
     * Epoch millis when the sweep should look at this lead again (stuck stage, park retry, SLA);
     * absent in final states, which keeps them out of the sweep's index.
     */
    public Long dueAt;
    /** Optimistic-lock counter: every write of the lead checks and bumps it. */
    public long version;

    /** Who the lead is, for the messages downstream systems get (assignments, nurture). */
    public Map<String, Object> contactSummary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("email", email);
        summary.put("phone", phone);
        summary.put("firstName", firstName);
        summary.put("lastName", lastName);
        summary.put("company", company);
        summary.put("country", country);
        summary.put("grade", grade);
        summary.put("score", score);
        return summary;
    }

    /** Most history entries a lead keeps: its first ones, a summary of the middle, the most recent ones. */
    public static final int MAX_HISTORY = 60;
    /** The event of the entry that counts the folded ones by event ("SLA_MISSED x12, ASSIGNED x13"). */
    public static final String EARLIER_HISTORY = "EARLIER_HISTORY";
    private static final int MAX_HEAD = 6;

    /**
     * Adds a history entry. A lead re-routed again and again (SLA after SLA) would grow without end: beyond
     * {@value #MAX_HISTORY} entries the oldest ones after the head (the entries up to the first assignment,
     * which speed-to-lead reads) are folded into one {@value #EARLIER_HISTORY} entry that counts them by event.
     */
    public Lead addHistory(String at, String event, String detail) {
        history.add(new HistoryEntry(at, event, detail));
        if (history.size() <= MAX_HISTORY) {
            return this;
        }
        int head = 1;
        for (int i = 0; i < MAX_HEAD; i++) {
            if ("ASSIGNED".equals(history.get(i).event())) {
                head = i + 1;
                break;
            }
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        int firstFolded = head;
        if (EARLIER_HISTORY.equals(history.get(head).event())) {
            for (String part : history.get(head).detail().split(", ")) {
                int x = part.lastIndexOf(" x");
                if (x > 0) {
                    counts.merge(part.substring(0, x), Integer.parseInt(part.substring(x + 2)), Integer::sum);
                }
            }
            firstFolded = head + 1;
        }
        int keepFrom = history.size() - (MAX_HISTORY - head - 1);
        for (HistoryEntry folded : history.subList(firstFolded, keepFrom)) {
            counts.merge(folded.event(), 1, Integer::sum);
        }
        List<HistoryEntry> kept = new ArrayList<>(history.subList(0, head));
        kept.add(new HistoryEntry(history.get(keepFrom - 1).at(), EARLIER_HISTORY, counts.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue()).collect(java.util.stream.Collectors.joining(", "))));
        kept.addAll(history.subList(keepFrom, history.size()));
        history = kept;
        return this;
    }

    /** A state change someone asked for: {@code by} is who (a rep id, or ops and who). */
    public Lead addHistory(String at, String event, String detail, String by) {
        history.add(new HistoryEntry(at, event, detail, by));
        return this;
    }

    /**
     * The assignee's rep id at the top level of the item, where the leads-by-assignee index keys on it;
     * absent while nobody holds the lead. Derived from {@link #assignment}, never read back.
     */
    @JsonProperty(value = "assigneeRepId", access = JsonProperty.Access.READ_ONLY)
    public String assigneeRepId() {
        return assignment == null ? null : assignment.repId();
    }

    /** When the lead was first assigned: the time of its first ASSIGNED history entry; empty if never. */
    public Optional<Instant> firstAssignedAt() {
        return history.stream().filter(entry -> "ASSIGNED".equals(entry.event()) && entry.at() != null)
                .findFirst().map(entry -> Instant.parse(entry.at()));
    }

    /** Speed-to-lead: from receipt to the first assignment; empty until the lead was first assigned. */
    public Optional<Duration> speedToLead() {
        return receivedAt == null ? Optional.empty()
                : firstAssignedAt().map(assigned -> Duration.between(Instant.parse(receivedAt), assigned));
    }

    /**
     * The names a rule's condition can read besides {@code attributes.<name>} and {@code campaign.<name>}:
     * what {@link #field} knows.
     */
    public static final Set<String> RULE_FIELDS = Set.of("leadId", "status", "source", "email",
            "emailDomain", "freeMail", "phone", "firstName", "lastName", "company", "title", "country", "region", "city",
            "employees", "annualRevenue", "industry", "product", "language", "message", "externalId", "score", "grade",
            "warnings");

    /**
     * Value of a rule field: a lead field, emailDomain, score, grade, attributes.&lt;name&gt;, or
     * {@code warnings}: the names of the fields that could not be cleansed, comma-separated ("phone,country").
     */
    public Object field(String name) {
        if (name.startsWith("attributes.")) {
            return attributes == null ? null : attributes.get(name.substring("attributes.".length()));
        }
        return switch (name) {
            case "leadId" -> leadId;
            case "status" -> status == null ? null : status.name();
            case "source" -> source == null ? null : source.name();
            case "email" -> email;
            case "emailDomain" -> emailDomain;
            case "freeMail" -> freeMail;
            case "phone" -> phone;
            case "firstName" -> firstName;
            case "lastName" -> lastName;
            case "company" -> company;
            case "title" -> title;
            case "country" -> country;
            case "region" -> region;
            case "city" -> city;
            case "employees" -> employees;
            case "annualRevenue" -> annualRevenue;
            case "industry" -> industry;
            case "product" -> product;
            case "language" -> language;
            case "message" -> message;
            case "externalId" -> externalId;
            case "score" -> score;
            case "grade" -> grade == null ? null : grade.name();
            case "warnings" -> warnings == null || warnings.isEmpty() ? null
                    : String.join(",", warnings.stream().map(FieldError::field).distinct().toList());
            default -> campaign != null && name.startsWith("campaign.")
                    ? campaign.get(name.substring("campaign.".length())) : null;
        };
    }
}
