package dev.leadrouter.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's business metrics as CloudWatch Embedded Metric Format lines, written where {@link Log}
 * writes (stdout in Lambda): CloudWatch Logs turns them into metrics in namespace {@value #NAMESPACE},
 * with no API call and no extra permission. Each metric is published per its dimensions and once more
 * without any, for totals. Dimension values are enum names, teams and queue names: never a person's
 * email or phone, which is why callers get one method per event rather than free-form dimensions.
 */
public final class Metrics {
    public static final String NAMESPACE = "LeadRouter";

    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    /** One value of one metric. */
    public record Metric(String name, long value, Unit unit) {
        static Metric count(String name) {
            return new Metric(name, 1, Unit.COUNT);
        }
    }

    private Metrics() {
    }

    /** A new lead was stored. */
    public static void leadReceived(Source source) {
        emit(dimensions("Source", source), Metric.count("LeadReceived"));
    }

    /** A submission matched an open lead (or an already imported record) and created nothing new. */
    public static void leadDuplicate(Source source) {
        emit(dimensions("Source", source), Metric.count("LeadDuplicate"));
    }

    /** Qualification decided: status QUALIFIED, NURTURE or DISQUALIFIED. */
    public static void leadQualified(Grade grade, LeadStatus status) {
        emit(dimensions("Grade", grade, "Status", status), Metric.count("LeadQualified"));
    }

    /**
     * The lead was just assigned (first time or re-routed); on its first assignment also its
     * speed-to-lead, receipt to assignment.
     */
    public static void leadAssigned(Lead lead) {
        Map<String, String> dimensions = dimensions("Team", lead.assignment.team(), "Strategy", lead.assignment.strategy());
        Instant assignedAt = Instant.parse(lead.assignment.assignedAt());
        boolean first = lead.firstAssignedAt().filter(assignedAt::equals).isPresent();
        Duration speed = first ? lead.speedToLead().orElse(null) : null;
        if (speed == null) {
            emit(dimensions, Metric.count("LeadAssigned"));
        } else {
            emit(dimensions, Metric.count("LeadAssigned"), new Metric("SpeedToLead", speed.toMillis(), Unit.MILLISECONDS));
        }
    }

    /** No eligible rep: the lead waits as UNASSIGNED. */
    public static void leadParked() {
        emit(Map.of(), Metric.count("LeadParked"));
    }

    /** An assignment of {@code team} was not accepted in time and was taken back. */
    public static void slaMissed(String team) {
        emit(dimensions("Team", team), Metric.count("SlaMissed"));
    }

    public static void leadClosed(String outcome) {
        emit(dimensions("Outcome", outcome), Metric.count("LeadClosed"));
    }

    /**
     * A message that can never succeed was moved to a dead-letter queue by the code. Messages SQS
     * itself redrives after maxReceiveCount are in the queues' own AWS/SQS metrics and alarms.
     */
    public static void deadLettered(String queueUrl) {
        emit(dimensions("Queue", queueName(queueUrl)), Metric.count("DeadLettered"));
    }

    private static void emit(Map<String, String> dimensions, Metric... metrics) {
        Log.print(line(Instant.now(), dimensions, List.of(metrics)));
    }

    /** One EMF line: the metrics, with {@code dimensions} as their dimension set and an empty set for totals. */
    static ObjectNode line(Instant timestamp, Map<String, String> dimensions, List<Metric> metrics) {
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", timestamp.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSets = directive.putArray("Dimensions");
        if (!dimensions.isEmpty()) {
            ArrayNode set = dimensionSets.addArray();
            dimensions.keySet().forEach(set::add);
        }
        dimensionSets.addArray();
        ArrayNode definitions = directive.putArray("Metrics");
        for (Metric metric : metrics) {
            definitions.addObject().put("Name", metric.name()).put("Unit", metric.unit().cloudWatchName);
        }
        dimensions.forEach(line::put);
        for (Metric metric : metrics) {
            line.put(metric.name(), metric.value());
        }
        return line;
    }

    /** Name/value pairs in order; a missing value is "NONE", so that the line stays valid EMF. */
    private static Map<String, String> dimensions(Object... namesAndValues) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            dimensions.put((String) namesAndValues[i], value == null ? "NONE" : value.toString());
        }
        return dimensions;
    }

    private static String queueName(String queueUrl) {
        if (queueUrl == null) {
            return null;
        }
        String trimmed = queueUrl.endsWith("/") ? queueUrl.substring(0, queueUrl.length() - 1) : queueUrl;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
