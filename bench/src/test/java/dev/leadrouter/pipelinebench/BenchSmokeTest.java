package dev.leadrouter.pipelinebench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.LeadStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The benchmark with tiny numbers on its own stack: every lead settles and every correctness counter is zero. */
@Tag("end-to-end")
class BenchSmokeTest {

    @Test
    void tinyRunLosesNothingAndAssignsEachLeadOnce() {
        BenchOptions options = BenchOptions.parse(new String[] {"--leads", "20", "--rate", "20", "--warm-up", "0",
                "--no-cold-start", "--output", "-", "--hand-off-leads", "20"});
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
    }
}
