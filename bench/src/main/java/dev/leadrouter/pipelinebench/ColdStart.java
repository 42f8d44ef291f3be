package dev.leadrouter.pipelinebench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.cleanse.LeadCleanser;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.store.LeadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cold start of each function: a fresh JVM on the function's shaded jar constructs the handler with
 * its no-argument constructor (environment pointing at the running stack) and handles one real event
 * (the samples of {@code events/}, each made fresh: a new email, a lead in the state the event expects).
 */
final class ColdStart {
    private static final int RUNS = 5;
    /** What Lambda's Java runtimes run with unless told otherwise (the template sets the same). */
    private static final List<String> JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    record Function(String name, String handler, String eventFile) {
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("intake", "dev.leadrouter.intake.IntakeApiHandler", "post-lead.json"),
            new Function("qualification", "dev.leadrouter.qualification.QualificationHandler", "qualification-message.json"),
            new Function("routing", "dev.leadrouter.routing.RoutingHandler", "routing-message.json"),
            new Function("api", "dev.leadrouter.api.LeadApiHandler", "get-lead.json"));

    /** Medians of {@value #RUNS} runs, in ms; {@code failure} says why a run did not work (then the rest is empty). */
    record Figures(Function function, long jarBytes, double total, double construct, double firstEvent,
                   String failure) {
    }

    private final LocalStack stack;
    private final Path functionsDir;
    private final Path eventsDir;
    private final LeadStore leads;
    private final Path workDir;
    private final FunctionJvm jvm;

    ColdStart(LocalStack stack, Path functionsDir, Path eventsDir) {
        this.stack = stack;
        this.functionsDir = functionsDir;
        this.eventsDir = eventsDir;
        this.leads = new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
        this.jvm = new FunctionJvm();
        try {
            this.workDir = Files.createTempDirectory("lead-router-cold-start");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the cold start", e);
        }
    }

    static Path jar(Path functionsDir, Function function) {
        return functionsDir.resolve(function.name()).resolve("target").resolve(function.name() + "-function.jar");
    }

    List<Figures> measureAll() {
        return FUNCTIONS.stream().map(this::measure).toList();
    }

    private Figures measure(Function function) {
        Path jar = jar(functionsDir, function);
        if (!Files.isRegularFile(jar)) {
            return new Figures(function, 0, Double.NaN, Double.NaN, Double.NaN, "no jar at " + jar);
        }
        List<Double> totals = new ArrayList<>();
        List<Double> constructs = new ArrayList<>();
        List<Double> firsts = new ArrayList<>();
        try {
            long bytes = Files.size(jar);
            for (int run = 0; run < RUNS; run++) {
                Path event = workDir.resolve(function.name() + "-" + run + ".json");
                Files.writeString(event, Json.write(event(function, run)));
                double[] times = launch(function, jar, event);
                totals.add(times[0]);
                constructs.add(times[1]);
                firsts.add(times[2]);
            }
            return new Figures(function, bytes, Distribution.ofMillis(totals).median(),
                    Distribution.ofMillis(constructs).median(), Distribution.ofMillis(firsts).median(), null);
        } catch (IOException | RuntimeException e) {
            return new Figures(function, 0, Double.NaN, Double.NaN, Double.NaN, e.getMessage());
        }
    }

    /** Returns the wall time from process start to the handled event, the construction and the first-event time. */
    private double[] launch(Function function, Path jar, Path event) throws IOException {
        FunctionJvm.Answer answer = jvm.invoke(jar, function.handler(), event, environment(), JVM_OPTIONS);
        if (!answer.handledWell()) {
            throw new IllegalStateException(function.name() + " answered " + Json.write(answer.result()));
        }
        return new double[] {answer.wallMillis(), answer.constructMillis(), answer.firstEventMillis()};
    }

    private Map<String, String> environment() {
        Config config = stack.config();
        Map<String, String> env = new HashMap<>(config.toEnv());
        env.put("DYNAMODB_ENDPOINT", stack.dynamoDbEndpoint().toString());
        env.put("SQS_ENDPOINT", stack.sqsEndpoint().toString());
        env.put("AWS_REGION", LocalStack.REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.remove("JAVA_TOOL_OPTIONS");
        return env;
    }

    /** The sample event of {@code function}, pointing at a new lead in the state that event expects. */
    private ObjectNode event(Function function, int run) throws IOException {
        return event(function.handler(), "cold-" + function.name() + "-" + run + "-" + UUID.randomUUID());
    }

    /** The {@code events/} sample of each handler class, and of each Lambda entry point (template.yaml) around one. */
    static final Map<String, String> EVENT_FILES = Map.ofEntries(
            Map.entry("dev.leadrouter.intake.IntakeApiHandler", "post-lead.json"),
            Map.entry("dev.leadrouter.intake.IntakeFunction", "post-lead.json"),
            Map.entry("dev.leadrouter.intake.CrmImportHandler", "crm-import-batch.json"),
            Map.entry("dev.leadrouter.intake.CrmImportFunction", "crm-import-batch.json"),
            Map.entry("dev.leadrouter.qualification.QualificationHandler", "qualification-message.json"),
            Map.entry("dev.leadrouter.qualification.QualificationFunction", "qualification-message.json"),
            Map.entry("dev.leadrouter.routing.RoutingHandler", "routing-message.json"),
            Map.entry("dev.leadrouter.routing.RoutingFunction", "routing-message.json"),
            Map.entry("dev.leadrouter.routing.SweepHandler", "sweep-schedule.json"),
            Map.entry("dev.leadrouter.routing.SweepFunction", "sweep-schedule.json"),
            Map.entry("dev.leadrouter.api.LeadApiHandler", "get-lead.json"),
            Map.entry("dev.leadrouter.api.LeadApiFunction", "get-lead.json"),
            Map.entry("dev.leadrouter.notification.NotificationHandler", "notification-message.json"),
            Map.entry("dev.leadrouter.notification.NotificationFunction", "notification-message.json"),
            Map.entry("dev.leadrouter.stats.StatsHandler", "stats-stream-batch.json"),
            Map.entry("dev.leadrouter.stats.StatsFunction", "stats-stream-batch.json"));

    /**
     * The {@code events/} sample of {@code handlerClass}, made fresh with {@code tag}: a new email, a lead in
     * the state the event expects; null for a handler without a sample.
     */
    ObjectNode event(String handlerClass, String tag) throws IOException {
        String file = EVENT_FILES.get(handlerClass);
        if (file == null) {
            return null;
        }
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(eventsDir.resolve(file).toFile());
        switch (handlerClass.substring(handlerClass.lastIndexOf('.') + 1)) {
            case "IntakeApiHandler", "IntakeFunction" -> {
                ObjectNode body = (ObjectNode) Json.parse(event.path("body").asText());
                body.put("email", tag + "@coldstart.example.com");
                body.remove("phone");
                body.remove("externalId");
                event.put("body", Json.write(body));
            }
            case "CrmImportHandler", "CrmImportFunction" -> {
                ObjectNode record = (ObjectNode) event.path("Records").get(0);
                ObjectNode body = (ObjectNode) Json.parse(record.path("body").asText());
                body.put("email", tag + "@coldstart.example.com");
                body.put("externalId", tag);
                body.remove("phone");
                record.put("body", Json.write(body));
                event.set("Records", Json.MAPPER.createArrayNode().add(record));
            }
            case "QualificationHandler", "QualificationFunction" -> setLeadId(event, storedLead(tag, LeadStatus.RECEIVED), false);
            case "RoutingHandler", "RoutingFunction" -> setLeadId(event, storedLead(tag, LeadStatus.QUALIFIED), true);
            case "SweepHandler", "SweepFunction" -> event.put("time", Instant.now().toString());
            case "StatsHandler", "StatsFunction" -> {
                // A lead of its own, so that the figures of other leads are not moved.
                ObjectNode change = (ObjectNode) event.path("Records").get(0).path("dynamodb");
                change.put("SequenceNumber", Long.toString(System.nanoTime()));
                for (String image : List.of("Keys", "OldImage", "NewImage")) {
                    ((ObjectNode) change.path(image).path("leadId")).put("S", tag);
                }
            }
            case "LeadApiHandler", "LeadApiFunction" -> {
                String leadId = storedLead(tag, LeadStatus.RECEIVED);
                event.put("rawPath", "/leads/" + leadId);
                event.with("pathParameters").put("leadId", leadId);
                event.with("requestContext").with("http").put("path", "/leads/" + leadId);
            }
            case "NotificationHandler", "NotificationFunction" -> {
                // A lead whose assignment moved on since the message: the function reads it and notifies nobody.
                ObjectNode record = (ObjectNode) event.path("Records").get(0);
                ObjectNode body = (ObjectNode) Json.parse(record.path("body").asText());
                body.put("leadId", storedLead(tag, LeadStatus.QUALIFIED));
                record.put("body", Json.write(body));
            }
            default -> throw new IllegalArgumentException(handlerClass);
        }
        return event;
    }

    private static void setLeadId(ObjectNode event, String leadId, boolean route) {
        ObjectNode record = (ObjectNode) event.path("Records").get(0);
        ObjectNode body = Json.object().put("leadId", leadId);
        if (route) {
            body.put("type", "ROUTE");
        }
        record.put("body", Json.write(body));
    }

    /** Writes a lead straight into the table (no queue message): only the cold JVM's event moves it on. */
    private String storedLead(String tag, LeadStatus status) {
        ObjectNode body = (ObjectNode) Json.parse(new BenchOrg(1, "cold").leadBody(1));
        body.put("email", tag + "@coldstart.example.com");
        Lead lead = new LeadCleanser().cleanse(body, Source.WEB_FORM);
        Instant now = Instant.now();
        lead.leadId = UUID.randomUUID().toString();
        lead.status = status;
        lead.receivedAt = now.toString();
        lead.updatedAt = lead.receivedAt;
        lead.dueAt = now.plus(stack.config().stuckAfter()).toEpochMilli();
        lead.addHistory(lead.receivedAt, "RECEIVED", "cold start benchmark");
        if (status == LeadStatus.QUALIFIED) {
            lead.score = 50;
            lead.grade = Grade.WARM;
            lead.addHistory(lead.receivedAt, "QUALIFIED", "score 50 grade WARM");
        }
        if (!leads.transact(List.of(leads.putLead(lead))).committed()) {
            throw new IllegalStateException("could not store a lead for the cold start");
        }
        return lead.leadId;
    }
}
