package dev.leadrouter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's answers and exit codes for what needs no tables: help, usage errors and file checks. */
class OpsCliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return OpsCli.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(OpsCli.OK, run("--help"));
        assertTrue(out().contains("rules import FILE"), out());
        assertTrue(out().contains("--table-prefix"), out());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(OpsCli.USAGE, run("rules", "frobnicate"));
        assertEquals("error: unknown command \"rules frobnicate\"\nrun with --help for usage\n", err());
    }

    @Test
    void validRulesFile() throws IOException {
        Path rules = file("rules.json", """
                [ {"ruleId": "dach", "stage": "ROUTING", "priority": 5, "team": "dach",
                   "conditions": [{"field": "country", "op": "in", "value": ["DE", "AT", "CH"]}]},
                  {"ruleId": "big", "stage": "QUALIFICATION", "points": 20,
                   "conditions": [{"field": "employees", "op": "gte", "value": 1000}]},
                  {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 50, "fallbackTeam": "inside-sales"} ]""");
        assertEquals(OpsCli.OK, run("rules", "validate", rules.toString()));
        assertEquals(rules + ": 3 rules valid\n", out());
    }

    @Test
    void invalidRulesAreEachListed() throws IOException {
        Path rules = file("rules.json", """
                [ {"ruleId": "no-team", "stage": "ROUTING"},
                  {"ruleId": "ok", "stage": "QUALIFICATION", "points": 5},
                  {"ruleId": "ok", "stage": "QUALIFICATION", "points": 5},
                  {"stage": "SORTING"},
                  "not an item" ]""");
        assertEquals(OpsCli.FAILED, run("rules", "validate", rules.toString()));
        assertEquals(String.join("\n",
                "error: " + rules + ": 4 of 5 rules invalid",
                "  item 1 (ruleId \"no-team\"): ROUTING rule needs a team",
                "  item 3 (ruleId \"ok\"): ruleId \"ok\" is also used by item 2",
                "  item 4: missing ruleId; unknown stage \"SORTING\" (expected QUALIFICATION, ROUTING or SETTINGS)",
                "  item 5: must be a JSON object, not a JSON string", ""), err());
    }

    @Test
    void importRefusesAnInvalidFileBeforeConnecting() throws IOException {
        Path rules = file("rules.json", "[{\"ruleId\": \"x\", \"stage\": \"ROUTING\"}]");
        // an endpoint nobody listens on: the file is refused before any connection is tried
        assertEquals(OpsCli.FAILED, run("rules", "import", rules.toString(), "--endpoint", "http://localhost:1"));
        assertTrue(err().startsWith("error: " + rules + ": 1 of 1 rules invalid; nothing was written\n"), err());
    }

    @Test
    void invalidRepsAreEachListed() throws IOException {
        Path reps = file("reps.json", """
                [ {"repId": "r-anna", "teams": ["emea"], "capacity": 10, "timezone": "Europe/Berlin"},
                  {"repId": "r-ben", "teams": ["emea"], "capacity": -2, "timezone": "Berlin"} ]""");
        assertEquals(OpsCli.FAILED, run("reps", "validate", reps.toString()));
        assertEquals(String.join("\n",
                "error: " + reps + ": 1 of 2 reps invalid",
                "  item 2 (repId \"r-ben\"): capacity must be an integer >= 0, not -2; "
                        + "timezone must be an IANA time zone such as \"Europe/Berlin\", not \"Berlin\"", ""), err());
    }

    @Test
    void unreadableFilesAreExplained() throws IOException {
        assertEquals(OpsCli.FAILED, run("rules", "validate", dir.resolve("missing.json").toString()));
        assertEquals("error: " + dir.resolve("missing.json") + ": no such file\n", err());

        err.reset();
        Path broken = file("broken.json", "[{\"ruleId\": ");
        assertEquals(OpsCli.FAILED, run("rules", "validate", broken.toString()));
        assertTrue(err().startsWith("error: " + broken + " is not valid JSON: "), err());

        err.reset();
        Path object = file("object.json", "{\"ruleId\": \"x\"}");
        assertEquals(OpsCli.FAILED, run("reps", "validate", object.toString()));
        assertEquals("error: " + object + " must hold a JSON array of items, not a JSON object\n", err());
    }
}
