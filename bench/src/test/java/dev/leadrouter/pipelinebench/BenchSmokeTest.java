package dev.leadrouter.pipelinebench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.LeadStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark with tiny numbers on its own stack: every lead settles and every correctness counter is zero. */
@Tag("end-to-end")
class BenchSmokeTest {

    @Test
    void tinyRunLosesNothingAndAssignsEachLeadOnce(@TempDir Path dir) {
        BenchOptions options = BenchOptions.parse(new String[] {"--only", "one-by-one,throughput,hand-off,floor",
                "--leads", "20", "--rate", "20", "--warm-up", "0", "--output", "-", "--hand-off-leads", "20",
                "--rules-cache-seconds", "1",
                "--profile", dir.resolve("throughput.jfr").toString()});
        Bench.Results results = Bench.measure(options, System.out);

        assertEquals(0, results.failures(), Report.text(results));
        PipelineBench.PhaseFigures phase = results.phases().get(0);
        assertEquals(20, phase.accepted());
        assertTrue(phase.settledInTime());
        assertEquals(20, phase.outcomes().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(phase.outcomes().getOrDefault(LeadStatus.ASSIGNED, 0) > 0);
        assertEquals(20, results.oneByOne().outcomes().get(LeadStatus.ASSIGNED));
        assertTrue(results.floor().perLead().count() > 0);
        assertTrue(results.handOff().assigned() > 0, "speed-to-notification measured");
        assertEquals(results.handOff().assigned(), results.handOff().slack().count());
        assertEquals(results.handOff().assigned(), results.handOff().webhook().count());

        CostModel.Figures cost = results.cost();
        assertTrue(cost.dynamoDbCalls() > 0 && cost.sqsCalls() > 0, "the handlers' calls are counted");
        assertTrue(cost.writeUnits() > 0 && cost.readUnits() > 0, "the emulator reports the capacity consumed");
        assertTrue(cost.invocations() > 0 && cost.gbSeconds() > 0, "the functions' durations are counted");
        assertTrue(CostModel.section(cost, "run").contains("| **total** |"));
        assertTrue(results.profile().samples() > 0, "the throughput phase was profiled");
        assertTrue(Report.profileSection(results).contains("| thread group |"));
    }

    @Test
    void targetScenariosRunSmall() {
        BenchOptions options = BenchOptions.parse(new String[] {"--only", "org-size,big-team,duplicates",
                "--leads", "6", "--warm-up", "0", "--duplicates", "10", "--output", "-", "--rules-cache-seconds", "1"});
        Bench.Results results = Bench.measure(options, System.out);

        assertEquals(0, results.failures(), Report.text(results));
        TargetScenarios.OrgSize orgSize = results.orgSize();
        assertEquals(20, orgSize.smallReps());
        assertEquals(6, orgSize.small().accepted());
        assertEquals(6, orgSize.large().accepted());
        assertTrue(orgSize.ratio() > 0);
        TargetScenarios.BigTeam bigTeam = results.bigTeam();
        assertEquals(6, bigTeam.phase().accepted());
        assertEquals(6, bigTeam.assignedInTeam(), Report.text(results));
        assertTrue(bigTeam.largestItemBytes() > 0);
        TargetScenarios.Duplicates duplicates = results.duplicates();
        assertEquals(202, duplicates.firstStatus());
        assertEquals(10, duplicates.answers().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(duplicates.bodyBytes() >= 29_000 && duplicates.bodyBytes() <= 32 * 1024, "about 30 KB, under the 32 KiB limit");
        assertTrue(Report.targetsSection(results).contains("duplicate submissions"));
    }
}
