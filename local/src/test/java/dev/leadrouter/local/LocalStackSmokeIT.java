package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** The embedded stack of the test run (DynamoDB Local, ElasticMQ) with the shared checks and the HTTP front. */
@Tag("integration")
@ExtendWith(StackExtension.class)
class LocalStackSmokeIT extends StackChecks {
    private static LocalStack stack;
    private static ApiClient api;

    @BeforeAll
    static void sharedStack(LocalStack shared) {
        stack = shared;
        api = ApiClient.of(shared);
    }

    @Override
    LocalStack stack() {
        return stack;
    }

    @Test
    void protectedRoutesAnswer401WithoutTheRightToken() {
        assertUnauthorized(api.get("/leads/some-lead"));
        assertUnauthorized(api.get("/stats", "authorization", "Bearer wrong-token"));
        assertUnauthorized(api.post("/routing/simulate", "{}", "authorization", "Basic " + TestStack.API_TOKEN));
        assertUnauthorized(api.get("/rules/validation", "authorization", "Bearer"));
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        HttpResponse<String> unknown = api.get("/no/such/route");
        assertEquals(404, unknown.statusCode());
        assertEquals("application/json", unknown.headers().firstValue("content-type").orElseThrow());
        assertEquals(1, Json.parse(unknown.body()).path("errors").size());

        HttpResponse<String> wrongMethod = api.get("/routing/simulate");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("POST", wrongMethod.headers().firstValue("allow").orElseThrow());
    }

    @Test
    void startupLinesNameEveryEndpointAndTheToken() {
        assertEquals(List.of(
                "API        " + stack.apiUrl(),
                "DynamoDB   " + stack.dynamoDbEndpoint(),
                "SQS        " + stack.sqsEndpoint(),
                "API token  " + TestStack.API_TOKEN,
                "JWT secret " + TestStack.JWT_SECRET), stack.endpointLines());
    }

    @Test
    void theQualificationQueueIsConsumed() {
        String qualification = stack().config().qualificationQueueUrl();
        String body = "{\"leadId\":\"smoke-" + UUID.randomUUID() + "\"}";
        stack().sqs().sendMessage(r -> r.queueUrl(qualification).messageBody(body));
        await(() -> messagesIn(qualification) == 0, "the qualification function took the message");
        removeFromDlq(stack().config().qualificationDlqUrl(), body);
    }

    @Test
    void aRoutingMessageThatCanNeverSucceedIsDeadLettered() {
        String routing = stack().config().routingQueueUrl();
        String body = "{\"leadId\": \"smoke-" + UUID.randomUUID() + "\", ";
        stack().sqs().sendMessage(r -> r.queueUrl(routing).messageBody(body));
        // Other tests keep delayed messages on the routing queue: wait for this one in the dead-letter queue.
        assertEquals(1, TestLeads.take(stack().sqs(), stack().config().routingDlqUrl(), List.of(body)).size());
    }

    /** A message the function rejected ends in the dead-letter queue; other tests should not find it there. */
    private void removeFromDlq(String dlq, String body) {
        for (Message message : stack().sqs().receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages()) {
            if (message.body().equals(body)) {
                stack().sqs().deleteMessage(r -> r.queueUrl(dlq).receiptHandle(message.receiptHandle()));
            } else {
                stack().sqs().changeMessageVisibility(r -> r.queueUrl(dlq).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            }
        }
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        JsonNode error = Json.parse(response.body()).path("errors").path(0);
        assertEquals("authorization", error.path("field").asText());
        assertTrue(error.path("message").asText().contains("token"));
    }
}
