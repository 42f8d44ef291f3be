package dev.leadrouter.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** What AwsLimitsTest judges the test run's requests by: the limits counted as AWS counts them. */
class AwsLimitsCountingTest {

    @Test
    void theLimitsAreCountedAsAwsCountsThem() {
        String big = "x".repeat(400 * 1024);
        assertEquals(1, AwsLimits.violations(PutItemRequest.builder().tableName("t")
                .item(Map.of("leadId", AttributeValue.fromS(big))).build()).size());
        assertEquals(0, AwsLimits.violations(PutItemRequest.builder().tableName("t")
                .item(Map.of("leadId", AttributeValue.fromS("small"))).build()).size());
        assertEquals(1, AwsLimits.violations(SendMessageRequest.builder().queueUrl("q").messageBody("m")
                .delaySeconds(901).build()).size());
        assertEquals(1, AwsLimits.violations(SendMessageRequest.builder().queueUrl("q")
                .messageBody("y".repeat(256 * 1024 + 1)).build()).size());
    }
}
