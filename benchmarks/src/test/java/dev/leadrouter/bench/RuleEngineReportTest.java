package dev.leadrouter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RuleEngineReportTest {
    private static final String SECTION = "## Rule engine\n\nnew figures\n";

    @Test
    void replacesOnlyTheRuleEngineSection() {
        String before = "# Benchmarks\n\n## Cold start\n\nx\n\n## Rule engine\n\nold figures\n\n## Routing\n\ny\n";
        assertEquals("# Benchmarks\n\n## Cold start\n\nx\n\n## Rule engine\n\nnew figures\n\n## Routing\n\ny\n",
                RuleEngineReport.replaceSection(before, SECTION));
    }

    @Test
    void appendsTheSectionWhenAbsent() {
        assertEquals("# Benchmarks\n\n" + SECTION, RuleEngineReport.replaceSection("# Benchmarks\n", SECTION));
        assertEquals(SECTION, RuleEngineReport.replaceSection("", SECTION));
    }

    @Test
    void replacesTheLastSection() {
        assertEquals("# B\n\n" + SECTION, RuleEngineReport.replaceSection("# B\n\n## Rule engine\nold\n", SECTION));
    }

    @Test
    void medianOfSortedIterations() {
        assertEquals(2.0, RuleEngineReport.median(new double[] {1, 2, 9}));
        assertEquals(2.5, RuleEngineReport.median(new double[] {1, 2, 3, 9}));
    }
}
