package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.local.template.AwsCallRecorder;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No request of the whole test run went beyond an AWS limit the emulators do not all enforce (recorded by
 * {@link AwsCallRecorder} for every SDK client of this JVM); runs after the end-to-end tests (AwsLimitsCountingTest
 * holds how the limits are counted).
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
}
