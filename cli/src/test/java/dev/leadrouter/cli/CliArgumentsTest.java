package dev.leadrouter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliArgumentsTest {

    private static CliArguments parse(String... args) throws CliArguments.UsageException {
        return CliArguments.parse(List.of(args), Map.of());
    }

    private static String usageError(Map<String, String> env, String... args) {
        return assertThrows(CliArguments.UsageException.class, () -> CliArguments.parse(List.of(args), env)).getMessage();
    }

    private static String usageError(String... args) {
        return usageError(Map.of(), args);
    }

    @Test
    void commandWithFileAndDefaults() throws Exception {
        CliArguments args = parse("rules", "import", "rules.json");
        assertEquals("rules import", args.command());
        assertEquals(Path.of("rules.json"), args.file());
        assertNull(args.endpoint());
        assertEquals("us-east-1", args.region());
        assertEquals("lead-router-", args.tablePrefix());
        assertEquals("lead-router-rules", args.table("rules"));
        assertFalse(args.localEndpoint());
    }

    @Test
    void optionsMayComeAnywhereInEitherForm() throws Exception {
        CliArguments args = parse("--endpoint", "http://localhost:8000", "reps", "export",
                "--table-prefix=prod-", "--region=eu-central-1");
        assertEquals("reps export", args.command());
        assertNull(args.file());
        assertEquals(URI.create("http://localhost:8000"), args.endpoint());
        assertTrue(args.localEndpoint());
        assertEquals("eu-central-1", args.region());
        assertEquals("prod-reps", args.table("reps"));
    }

    @Test
    void regionFallsBackToTheEnvironment() throws Exception {
        assertEquals("ap-south-1", CliArguments.parse(List.of("simulate", "lead.json"),
                Map.of("AWS_REGION", "ap-south-1")).region());
        assertEquals("us-west-2", CliArguments.parse(List.of("simulate", "lead.json", "--region", "us-west-2"),
                Map.of("AWS_REGION", "ap-south-1")).region());
    }

    @Test
    void simulateTakesAFile() throws Exception {
        CliArguments args = parse("simulate", "lead.json", "--endpoint", "http://127.0.0.1:8000");
        assertEquals("simulate", args.command());
        assertEquals(Path.of("lead.json"), args.file());
        assertTrue(args.localEndpoint());
    }

    @Test
    void remoteEndpointIsNotLocal() throws Exception {
        assertFalse(parse("rules", "export", "--endpoint", "https://dynamodb.eu-west-1.amazonaws.com").localEndpoint());
    }

    @Test
    void helpNeedsNoCommand() throws Exception {
        assertEquals("help", parse("--help").command());
        assertEquals("help", parse("rules", "-h").command());
        assertEquals("help", parse("help").command());
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertEquals("no command given", usageError());
        assertEquals("rules needs one of: validate [FILE], import FILE, export", usageError("rules"));
        assertEquals("unknown command \"rules delete x\"", usageError("rules", "delete", "x"));
        assertEquals("unknown command \"deploy\"", usageError("deploy"));
        assertEquals("rules import needs a FILE", usageError("rules", "import"));
        assertEquals("simulate needs a FILE", usageError("simulate"));
        assertEquals("unexpected argument \"extra.json\" after rules export", usageError("rules", "export", "extra.json"));
        assertEquals("unexpected argument \"b.json\" after reps import", usageError("reps", "import", "a.json", "b.json"));
        assertEquals("unknown option --profile", usageError("rules", "export", "--profile", "x"));
        assertEquals("--endpoint needs a value", usageError("rules", "export", "--endpoint"));
        assertTrue(usageError("rules", "export", "--endpoint", "localhost:8000").startsWith("--endpoint must be an http"));
        assertTrue(usageError("rules", "export", "--endpoint", "http://bad host").startsWith("--endpoint is not a URL"));
        assertTrue(usageError("rules", "export", "--table-prefix", "my prefix/").startsWith("--table-prefix may only use"));
        assertEquals("--region must not be empty", usageError("rules", "export", "--region="));
    }
}
