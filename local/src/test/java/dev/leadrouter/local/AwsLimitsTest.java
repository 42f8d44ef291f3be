package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.local.template.AwsCallRecorder;
import dev.leadrouter.local.template.AwsLimits;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * No request of the whole test run went beyond an AWS limit the emulators do not all enforce (recorded by
 * {@link AwsCallRecorder} for every SDK client of this JVM); runs after the end-to-end tests.
 */
@Tag("end-to-end")
@Order(Integer.MAX_VALUE)
class AwsLimitsTest {

    @Test
    void noRequestOfTheTestRunWentBeyondAnAwsLimit() {
        Set<String> later = AuditsRunLast.unfinishedBut(LeastPrivilegeTest.class, AwsLimitsTest.class);
        assertTrue(later.isEmpty(), "run after this audit, so not judged by it: " + later);
        Set<String> violations = AwsCallRecorder.limitViolations();
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

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
