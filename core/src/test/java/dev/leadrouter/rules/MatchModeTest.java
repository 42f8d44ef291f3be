package dev.leadrouter.rules;

import static dev.leadrouter.rules.TestRules.compiled;
import static dev.leadrouter.rules.TestRules.item;
import static dev.leadrouter.rules.TestRules.lead;
import static dev.leadrouter.rules.TestRules.qualification;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Lead;
import org.junit.jupiter.api.Test;

class MatchModeTest {
    private static final String ONE_TRUE_ONE_FALSE =
            "[{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"},{\"field\":\"employees\",\"op\":\"lt\",\"value\":10}]";
    private static final String BOTH_TRUE =
            "[{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"},{\"field\":\"employees\",\"op\":\"gt\",\"value\":10}]";
    private static final String BOTH_FALSE =
            "[{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"},{\"field\":\"employees\",\"op\":\"lt\",\"value\":10}]";

    private final Lead lead = lead();

    @Test
    void allNeedsEveryCondition() {
        assertTrue(compiled(qualification("r", "ALL", BOTH_TRUE)).matches(lead));
        assertFalse(compiled(qualification("r", "ALL", ONE_TRUE_ONE_FALSE)).matches(lead));
    }

    @Test
    void anyNeedsOneCondition() {
        assertTrue(compiled(qualification("r", "ANY", ONE_TRUE_ONE_FALSE)).matches(lead));
        assertFalse(compiled(qualification("r", "any", BOTH_FALSE)).matches(lead));
    }

    @Test
    void matchDefaultsToAll() {
        assertFalse(compiled(item("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"points\":1,\"conditions\":"
                + ONE_TRUE_ONE_FALSE + "}")).matches(lead));
    }

    @Test
    void noConditionsAlwaysMatch() {
        assertTrue(compiled(qualification("r", "ALL", "[]")).matches(lead));
        assertTrue(compiled(qualification("r", "ANY", "[]")).matches(lead));
        assertTrue(compiled(item("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\"t\"}")).matches(new Lead()));
    }
}
