package dev.leadrouter.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.stats.StatsKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Aggregates that can never be written: the stream consumer retries the batch, then describes it on the
 * on-failure queue (template.yaml's StatsStreamConsumer DestinationConfig) and goes on; the lead itself is untouched.
 */
@Tag("integration")
class StatsOnFailureIT {
    @RegisterExtension
    static final StackExtension STACK = StackExtension.ownStack(options -> options.seed(false).retryDelaySeconds(0)
            .handlerClients(overrides -> overrides.addExecutionInterceptor(new AggregatesFail())));

    /** Every transaction on the aggregate items fails; the pipeline's own writes go through. */
    static final class AggregatesFail implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest transaction && transaction.transactItems().stream()
                    .anyMatch(item -> item.update() != null
                            && item.update().key().get("leadId").s().startsWith(StatsKey.PREFIX))) {
                throw SdkClientException.create("injected: the aggregates cannot be written");
            }
            return context.request();
        }
    }

    @Test
    void aBatchThatKeepsFailingEndsOnTheOnFailureQueue(LocalStack stack) {
        ApiClient api = ApiClient.of(stack);
        var response = api.post("/leads", """
                {"email": "stats-failure-%s@example-stats.com", "country": "BR"}""".formatted(UUID.randomUUID()));
        assertEquals(202, response.statusCode(), response.body());
        String queueUrl = stack.sqs().getQueueUrl(r -> r.queueName(Provisioner.STATS_FAILURES_QUEUE)).queueUrl();

        List<Message> messages = await().atMost(Duration.ofSeconds(30)).until(() -> stack.sqs()
                .receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages(), found -> !found.isEmpty());

        JsonNode failure = Json.parse(messages.getFirst().body());
        assertEquals("RetryAttemptsExhausted", failure.path("condition").asText(), failure.toString());
        assertEquals(true, failure.path("startSequenceNumber").isTextual(), failure.toString());
    }
}
