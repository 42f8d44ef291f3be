package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws InterruptedException {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsEveryOption() throws InterruptedException {
        assertEquals(0, run("--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--port", "--dynamodb-port", "--sqs-port", "--dynamodb-endpoint", "--sqs-endpoint",
                "--data-dir", "--no-seed", "--api-token", "--jwt-secret", "--google-ads-key", "--meta-app-secret", "--meta-verify-token",
                "--meta-access-token", "--meta-graph-url", "--sweep-seconds", "--rules-cache-seconds", "--pollers"}) {
            assertTrue(usage.contains(option), option);
        }
    }

    @Test
    void badOptionsExitWith2AndSayWhy() throws InterruptedException {
        assertEquals(2, run("--bogus", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
        assertEquals(2, run("--port", "http"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--port must be"));
        assertEquals(2, run("--port"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--port needs a value"));
        assertEquals(2, run("--sqs-endpoint", "localhost:9324"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage:"));
    }

    @Test
    void unknownCommandExitsWith2() throws InterruptedException {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command: frobnicate"));
    }

    @Test
    void optionsComeFromArgumentsOverTheEnvironment() {
        LocalStackOptions options = LocalStackOptions.parse(
                new String[] {"--port=0", "--no-seed", "--meta-verify-token", "from-args", "--pollers", "3"},
                Map.of("LEAD_ROUTER_API_TOKEN", "env-token", "LEAD_ROUTER_META_VERIFY_TOKEN", "env-verify",
                        "LEAD_ROUTER_JWT_SECRET", "env-jwt-secret"));
        assertEquals(0, options.port());
        assertEquals(false, options.seed());
        assertEquals("env-token", options.apiToken());
        assertEquals("env-jwt-secret", options.jwtSecret());
        assertEquals("from-args", options.metaVerifyToken());
        assertEquals(3, options.pollers());
        assertEquals(8000, options.dynamoDbPort());
    }

    @Test
    void defaultsAreTheContracts() {
        LocalStackOptions options = LocalStackOptions.parse(new String[0], Map.of());
        assertEquals(3000, options.port());
        assertEquals(8000, options.dynamoDbPort());
        assertEquals(9324, options.sqsPort());
        assertEquals(null, options.dynamoDbEndpoint());
        assertEquals(null, options.sqsEndpoint());
        assertEquals(null, options.dataDir());
        assertEquals(true, options.seed());
        assertEquals(false, options.functionCredentials());
        assertEquals(null, options.apiToken());
        assertEquals(null, options.metaGraphUrl());
        assertEquals(null, options.sesEndpoint());
        assertEquals(2, options.sweepSeconds());
        assertEquals(5, options.rulesCacheSeconds());
        assertEquals(2, options.pollers());
    }

    @Test
    void eachBadValueNamesItsOptionAndTheRule() throws InterruptedException {
        assertEquals(2, run("--port", "70000"));
        assertEquals(2, run("--sweep-seconds", "0"));
        assertEquals(2, run("--api-token", " "));
        assertEquals(2, run("--data-dir", "d", "--dynamodb-endpoint", "http://localhost:8000"));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("--port must be a port number (0-65535), not 70000"), errors);
        assertTrue(errors.contains("--sweep-seconds must be a whole number of at least 1, not 0"), errors);
        assertTrue(errors.contains("--api-token must not be blank"), errors);
        assertTrue(errors.contains("--data-dir is for the embedded DynamoDB"), errors);
    }
}
