package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.intake.CrmImportHandler;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The CRM import queue on a stack of its own (its dead-letter queue must hold only this test's messages,
 * and no sweep may push a lead on behind the test's back): malformed records are dead-lettered at once
 * with their errors while the rest of the batch becomes leads; transient failures are retried.
 */
@Tag("integration")
class CrmImportIT extends OnOwnStackWithoutSweep {
    private static final Duration PIPELINE = Duration.ofSeconds(30);
    private static final Path SAMPLE_BATCH = Path.of("../events/crm-import-batch.json");
    @Test
    void malformedRecordsAreDeadLetteredAtOnceAndTheRestOfTheBatchBecomesLeads() {
        String firstId = "crm-" + UUID.randomUUID();
        String secondId = "crm-" + UUID.randomUUID();
        String badJson = "{\"externalId\": \"crm-broken\", \"email\": ";
        String noContact = "{\"externalId\": \"crm-" + UUID.randomUUID() + "\", \"firstName\": \"Walk-in\"}";
        List<String> bodies = List.of(
                TestLeads.coldLead(TestLeads.uniqueEmail("first", "gmail.com")).put("externalId", firstId).toString(),
                badJson, noContact,
                TestLeads.coldLead(TestLeads.uniqueEmail("second", "gmail.com")).put("externalId", secondId).toString());
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
        }
        var sent = stack.sqs().sendMessageBatch(r -> r.queueUrl(stack.config().crmImportQueueUrl()).entries(entries));
        Map<String, String> messageIdByBody = new HashMap<>();
        sent.successful().forEach(s -> messageIdByBody.put(bodies.get(Integer.parseInt(s.id().substring(1))), s.messageId()));

        awaitLeadStatus(firstId, LeadStatus.NURTURE);
        awaitLeadStatus(secondId, LeadStatus.NURTURE);
        List<Message> deadLettered = TestLeads.take(stack.sqs(), stack.config().crmImportDlqUrl(), List.of(badJson, noContact));

        assertEquals(Set.of(badJson, noContact), deadLettered.stream().map(Message::body).collect(Collectors.toSet()));
        for (Message message : deadLettered) {
            // The handler moved it with its reasons; a redrive after five receives would carry neither attribute.
            assertEquals(messageIdByBody.get(message.body()),
                    message.messageAttributes().get("sourceMessageId").stringValue());
            String expectedField = message.body().equals(badJson) ? "body" : "email";
            assertEquals(expectedField, Json.parse(message.messageAttributes().get("errors").stringValue())
                    .path("errors").path(0).path("field").asText(), message.messageAttributes().toString());
        }
        Awaitility.await("the import queue is empty").atMost(PIPELINE)
                .until(() -> TestLeads.pendingMessages(stack.sqs(), stack.config().crmImportQueueUrl()) == 0);
    }

    @Test
    void aCrmRecordWithTheEmailOfAnOpenLeadIsAppendedToItsTouchpoints() {
        String email = TestLeads.uniqueEmail("again", "gmail.com");
        String firstId = "crm-" + UUID.randomUUID();
        String secondId = "crm-" + UUID.randomUUID();
        String queue = stack.config().crmImportQueueUrl();
        stack.sqs().sendMessage(r -> r.queueUrl(queue)
                .messageBody(TestLeads.coldLead(email).put("externalId", firstId).toString()));
        awaitLeadStatus(firstId, LeadStatus.NURTURE);
        int touchpoints = leadWithExternalId(firstId).orElseThrow().touchpoints.size();

        stack.sqs().sendMessage(r -> r.queueUrl(queue)
                .messageBody(TestLeads.coldLead(email).put("externalId", secondId).toString()));

        Awaitility.await("the second record became a touchpoint of the first lead").atMost(PIPELINE)
                .until(() -> leadWithExternalId(firstId).orElseThrow().touchpoints.size() == touchpoints + 1);
        assertTrue(leadWithExternalId(secondId).isEmpty(), "no second lead for the same email");
    }

    @Test
    void theSampleBatchIsImportedByTheHandlerAndItsRecordWithoutContactIsDeadLettered() throws IOException {
        SQSEvent event = sampleBatch();
        CrmImportHandler handler = new CrmImportHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC());

        SQSBatchResponse response = handler.handleRequest(event, new LocalLambdaContext("CrmImportFunction"));

        assertEquals(List.of(), response.getBatchItemFailures());
        assertTrue(leadWithExternalId("crm-000481").isPresent());
        assertEquals("marta.kowalska@vistula-foods.pl", leadWithExternalId("crm-000481").orElseThrow().email);
        assertEquals("PL", leadWithExternalId("crm-000481").orElseThrow().country);
        assertTrue(leadWithExternalId("crm-000482").isPresent());
        String withoutContact = event.getRecords().get(2).getBody();
        List<Message> deadLettered = TestLeads.take(stack.sqs(), stack.config().crmImportDlqUrl(), List.of(withoutContact));
        assertEquals(1, deadLettered.size());
        assertEquals("email", Json.parse(deadLettered.getFirst().messageAttributes().get("errors").stringValue())
                .path("errors").path(0).path("field").asText());
    }

    @Test
    void aRecordStoredButNotHandedOnIsRetriedAndTheRetryFinishesTheJob() {
        String externalId = "crm-" + UUID.randomUUID();
        String body = TestLeads.coldLead(TestLeads.uniqueEmail("transient", "gmail.com")).put("externalId", externalId).toString();
        SQSEvent event = eventOf(body);
        CrmImportHandler broken = new CrmImportHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()),
                TestLeads.withQualificationQueue(stack.config(), TestLeads.missingQueueUrl(stack)), Clock.systemUTC());

        SQSBatchResponse failed = broken.handleRequest(event, new LocalLambdaContext("CrmImportFunction"));

        assertEquals(List.of(event.getRecords().getFirst().getMessageId()),
                failed.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(List.of(), TestLeads.take(stack.sqs(), stack.config().crmImportDlqUrl(), List.of(body)),
                "a transient failure is not dead-lettered");
        assertEquals(LeadStatus.RECEIVED, leadWithExternalId(externalId).orElseThrow().status);

        // SQS delivers the record again; this time the hand-off works (the sweep of this stack is hours away).
        CrmImportHandler working = new CrmImportHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC());
        SQSBatchResponse retried = working.handleRequest(event, new LocalLambdaContext("CrmImportFunction"));

        assertEquals(List.of(), retried.getBatchItemFailures());
        awaitLeadStatus(externalId, LeadStatus.NURTURE);
    }

    @Test
    void aSalesforceRecordWithAWrongPhoneAndCountryBecomesALeadWithWarnings() {
        String id = "00Q" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        String record = "{\"Id\": \"" + id + "\", \"Email\": \"" + TestLeads.uniqueEmail("sf", "gmail.com")
                + "\", \"Phone\": \"ask reception\", \"Country\": \"Allemagne\", \"LastName\": \"Weber\"}";
        SQSEvent event = eventOf(record);
        SQSEvent.MessageAttribute format = new SQSEvent.MessageAttribute();
        format.setDataType("String");
        format.setStringValue("salesforce");
        event.getRecords().getFirst().setMessageAttributes(Map.of("format", format));
        CrmImportHandler handler = new CrmImportHandler(new AwsPorts(stack.dynamoDb(), stack.sqs()), stack.config(), Clock.systemUTC());

        assertEquals(List.of(), handler.handleRequest(event, new LocalLambdaContext("CrmImportFunction")).getBatchItemFailures());

        Lead lead = leadWithExternalId(id).orElseThrow();
        assertEquals("ask reception", lead.phone);
        assertEquals("Allemagne", lead.country);
        assertEquals(Set.of("phone", "country"), lead.warnings.stream().map(w -> w.field()).collect(Collectors.toSet()));
        assertEquals(List.of(), TestLeads.take(stack.sqs(), stack.config().crmImportDlqUrl(), List.of(record)));
    }

    private static SQSEvent sampleBatch() throws IOException {
        // The sample spells the ARN field as SQS does (eventSourceARN); the event class's setter differs in case.
        JsonMapper mapper = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();
        return mapper.readValue(SAMPLE_BATCH.toFile(), SQSEvent.class);
    }

    private static SQSEvent eventOf(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("handle-" + message.getMessageId());
        message.setBody(body);
        message.setEventSource("aws:sqs");
        message.setAwsRegion(LocalStack.REGION);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setMessageAttributes(Map.of());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    private static Optional<Lead> leadWithExternalId(String externalId) {
        return leads.scanLeads(List.of("externalId")).stream()
                .filter(lead -> externalId.equals(lead.externalId))
                .findFirst()
                .flatMap(lead -> leads.get(lead.leadId));
    }

    private static void awaitLeadStatus(String externalId, LeadStatus status) {
        Awaitility.await("the lead with external id " + externalId + " is " + status).atMost(PIPELINE)
                .until(() -> leadWithExternalId(externalId).map(lead -> lead.status == status).orElse(false));
    }
}
