package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.intake.CrmImportHandler;
import dev.leadrouter.json.Json;
import dev.leadrouter.lifecycle.LeadTransitions;
import dev.leadrouter.qualification.QualificationHandler;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.routing.RoutingHandler;
import dev.leadrouter.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every SQS handler given the same message twice — in one batch, one after the other, and from two
 * threads at once — ends where one delivery ends: one lead, one assignment, capacity counted once.
 * The handlers are called directly; the stack's own consumers carry each lead on through the pipeline.
 */
@Tag("integration")
class RedeliveryIT {
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final String FIRST_REP = "r-1";
    /** Long stuck-after: only the deliveries under test move the leads written here directly. */
    @RegisterExtension
    static final StackExtension STACK = StackExtension.ownStack(options -> ReliabilityOrg.options(options)
            .stuckAfterSeconds(600));

    private static LocalStack stack;
    private static LeadStore leads;

    enum Delivery { SAME_BATCH, IN_SEQUENCE, CONCURRENTLY }

    @BeforeAll
    static void start(LocalStack own) {
        stack = own;
        ReliabilityOrg.seed(stack, 3, 20);
        leads = new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void crmImportTwiceCreatesOneLead(Delivery delivery) {
        String email = "crm-" + UUID.randomUUID() + "@acme-redelivery.com";
        String body = """
                {"externalId": "%s", "email": "%s", "company": "Acme", "employees": 1500}""".formatted(email, email);
        deliverTwice(new CrmImportHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC()), body, delivery);

        List<Lead> created = ReliabilityOrg.leads(stack).values().stream().filter(l -> email.equals(l.email)).toList();
        assertEquals(1, created.size(), "leads for one CRM record");
        assertAssignedOnce(created.get(0).leadId);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void qualificationTwiceQualifiesOnce(Delivery delivery) {
        Lead lead = storedLead(LeadStatus.RECEIVED);
        deliverTwice(new QualificationHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC()),
                Json.write(LeadMessage.qualify(lead.leadId)), delivery);

        Lead done = assertAssignedOnce(lead.leadId);
        assertEquals(1, events(done, "QUALIFIED"), done.history.toString());
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void routingTwiceAssignsOnce(Delivery delivery) {
        Lead lead = storedLead(LeadStatus.QUALIFIED);
        deliverTwice(routing(), Json.write(LeadMessage.route(lead.leadId)), delivery);

        assertAssignedOnce(lead.leadId);
    }

    /** The second delivery carries a copy of the lead that the first made stale. */
    @ParameterizedTest
    @EnumSource(Delivery.class)
    void qualificationTwiceWithTheLeadInTheMessageQualifiesOnce(Delivery delivery) {
        Lead lead = storedLead(LeadStatus.RECEIVED);
        LeadMessage carrying = LeadMessage.qualify(lead);
        assertTrue(carrying.carried().isPresent());
        deliverTwice(new QualificationHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC()),
                Json.write(carrying), delivery);

        Lead done = assertAssignedOnce(lead.leadId);
        assertEquals(1, events(done, "QUALIFIED"), done.history.toString());
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void routingTwiceWithTheLeadInTheMessageAssignsOnce(Delivery delivery) {
        Lead lead = storedLead(LeadStatus.QUALIFIED);
        LeadMessage carrying = LeadMessage.route(lead);
        assertTrue(carrying.carried().isPresent());
        deliverTwice(routing(), Json.write(carrying), delivery);

        Lead done = assertAssignedOnce(lead.leadId);
        assertEquals(1, events(done, "ASSIGNED"), done.history.toString());
    }

    /**
     * Qualification sends a qualified lead on unwritten, for routing's placement to store. A lead that changed
     * in between (a duplicate's touchpoint) loses that placement: routing sends it back, and the stack's own
     * qualification and routing score and place it as it now is, once.
     */
    @Test
    void aQualifiedCopyMadeStaleBeforeItsPlacementIsQualifiedAgainAndAssignedOnce() {
        Lead lead = storedLead(LeadStatus.RECEIVED);
        Lead scored = Json.convert(Json.tree(lead), Lead.class);
        LeadTransitions.qualify(scored, 40, Grade.WARM, Instant.now(), Instant.now().plus(Duration.ofHours(1)));
        lead.company = "Acme, as a later submission has it";
        assertTrue(leads.saveIfVersion(lead));

        stack.sqs().sendMessage(r -> r.queueUrl(stack.config().routingQueueUrl())
                .messageBody(Json.write(LeadMessage.route(scored))));

        Lead done = assertAssignedOnce(lead.leadId);
        assertEquals(1, events(done, "QUALIFIED"), done.history.toString());
        assertEquals("Acme, as a later submission has it", done.company);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void slaCheckTwiceReroutesOnce(Delivery delivery) {
        Lead lead = storedLead(LeadStatus.ASSIGNED);
        deliverTwice(routing(), Json.write(LeadMessage.slaCheck(lead.leadId, lead.assignment.assignedAt())), delivery);

        Lead done = assertAssignedOnce(lead.leadId);
        assertEquals(1, events(done, "REASSIGNED"), done.history.toString());
        assertEquals(List.of(FIRST_REP), leads.get(lead.leadId).orElseThrow().missedReps);
        ReliabilityOrg.assertCapacityExact(stack, ReliabilityOrg.leads(stack));
    }

    private static RoutingHandler routing() {
        return new RoutingHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC());
    }

    /**
     * A warm lead written straight to the table in {@code status}, with no message on any queue; an
     * ASSIGNED one holds a unit of {@link #FIRST_REP}'s capacity and its SLA ran out an hour ago.
     */
    private static Lead storedLead(LeadStatus status) {
        Instant now = Instant.now();
        Lead lead = new Lead();
        lead.leadId = UUID.randomUUID().toString();
        lead.email = "direct-" + lead.leadId + "@acme-redelivery.com";
        lead.emailDomain = "acme-redelivery.com";
        lead.company = "Acme";
        lead.employees = 1500L;
        lead.source = Source.WEB_FORM;
        lead.status = status;
        lead.receivedAt = now.toString();
        lead.updatedAt = lead.receivedAt;
        lead.dueAt = now.plus(Duration.ofHours(1)).toEpochMilli();
        lead.addHistory(lead.receivedAt, "RECEIVED", "written by the test");
        if (status != LeadStatus.RECEIVED) {
            lead.score = 40;
            lead.grade = Grade.WARM;
            lead.addHistory(lead.receivedAt, "QUALIFIED", "written by the test");
        }
        if (status == LeadStatus.ASSIGNED) {
            String assignedAt = now.minus(Duration.ofHours(1)).toString();
            lead.assignment = new Assignment(FIRST_REP, "rep1@example.com", ReliabilityOrg.TEAM, "route-all",
                    "ROUND_ROBIN", assignedAt, false);
            lead.outputSent = assignedAt;
            lead.addHistory(assignedAt, "ASSIGNED", "written by the test");
            Config config = stack.config();
            stack.dynamoDb().updateItem(r -> r.tableName(config.repsTable())
                    .key(Map.of("repId", AttributeValue.fromS(FIRST_REP)))
                    .updateExpression("ADD openLeads :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        }
        if (!leads.saveIfVersion(lead)) {
            throw new IllegalStateException("lead not written");
        }
        return lead;
    }

    /** Delivers {@code body} twice as {@code delivery} says; no delivery may report a failure. */
    private static void deliverTwice(RequestHandler<SQSEvent, SQSBatchResponse> handler, String body, Delivery delivery) {
        SQSEvent.SQSMessage message = message(body);
        List<SQSBatchResponse> responses = new ArrayList<>();
        switch (delivery) {
            case SAME_BATCH -> responses.add(handler.handleRequest(event(message, message), null));
            case IN_SEQUENCE -> {
                responses.add(handler.handleRequest(event(message), null));
                responses.add(handler.handleRequest(event(message), null));
            }
            case CONCURRENTLY -> {
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<SQSBatchResponse>> both = List.of(1, 2).stream()
                        .map(i -> CompletableFuture.supplyAsync(() -> {
                            await(start);
                            return handler.handleRequest(event(message), null);
                        })).toList();
                start.countDown();
                both.forEach(future -> responses.add(future.orTimeout(30, TimeUnit.SECONDS).join()));
            }
        }
        responses.forEach(response -> assertEquals(List.of(), response.getBatchItemFailures()));
    }

    /** Waits for the lead to be announced; one assignment now, one assignedAt among its messages; capacity exact. */
    private static Lead assertAssignedOnce(String leadId) {
        Map<String, Lead> all = ReliabilityOrg.awaitSettled(stack, List.of(leadId), SETTLE, SETTLE);
        Lead lead = all.get(leadId);
        assertEquals(LeadStatus.ASSIGNED, lead.status, lead.history.toString());
        Map<String, List<JsonNode>> messages = ReliabilityOrg.assignmentMessages(stack);
        ReliabilityOrg.assertAssignedOnce(Map.of(leadId, lead), messages); // earlier leads' messages are drained
        ReliabilityOrg.assertAnnounced(Map.of(leadId, lead), messages);
        List<JsonNode> sent = messages.getOrDefault(leadId, List.of());
        assertEquals(List.of(lead.assignment.assignedAt()),
                sent.stream().map(m -> m.path("assignedAt").asText()).distinct().toList());
        ReliabilityOrg.assertCapacityExact(stack, all);
        return leads.get(leadId).orElseThrow();
    }

    private static long events(Lead lead, String event) {
        return lead.history.stream().filter(h -> h.event().equals(event)).count();
    }

    private static SQSEvent.SQSMessage message(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        return message;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
