package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.aws.AwsClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Dynoxide as the local stack runs it: started on 127.0.0.1, on disk when asked (else on a scratch file), with its
 * stream records indexed, and never left behind.
 */
@Tag("integration")
class EmbeddedDynamoDbIT {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void keepsTablesInTheDataDirectoryAndStopsOnClose() {
        List<ProcessHandle> processes;
        try (EmbeddedDynamoDb first = EmbeddedDynamoDb.start(0, dataDir)) {
            processes = emulatorProcesses(first.process());
            assertEquals("127.0.0.1", first.endpoint().getHost());
            try (DynamoDbClient client = client(first)) {
                client.createTable(r -> r.tableName("kept").billingMode("PAY_PER_REQUEST")
                        .keySchema(k -> k.attributeName("id").keyType("HASH"))
                        .attributeDefinitions(a -> a.attributeName("id").attributeType("S")));
            }
        }
        assertGone(processes);
        assertTrue(Files.isRegularFile(dataDir.resolve(EmbeddedDynamoDb.DATA_FILE)));
        try (EmbeddedDynamoDb second = EmbeddedDynamoDb.start(0, dataDir); DynamoDbClient client = client(second)) {
            assertEquals(List.of("kept"), client.listTables().tableNames());
        }
    }

    @Test
    void withoutADataDirectoryTheDatabaseIsAScratchFileRemovedOnClose() {
        Path scratch;
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, null)) {
            Path databaseFile = databaseFile(emulatorProcesses(dynamoDb.process()));
            scratch = databaseFile.getParent();
            assertTrue(Files.isRegularFile(databaseFile), databaseFile + " is not a file");
        }
        assertFalse(Files.exists(scratch), scratch + " is left behind");
    }

    /** The queries Dynoxide makes on every write to a table with a stream and on every GetRecords. */
    @Test
    void theStreamRecordsAreIndexedForTheQueriesEveryWriteAndReadMakes() throws Exception {
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(0, dataDir);
             Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(EmbeddedDynamoDb.DATA_FILE))) {
            assertEquals("USING INDEX lead_router_stream_next", plan(sqlite, "SELECT COALESCE(MAX(CAST(sequence_number"
                    + " AS INTEGER)), 0) + 1 FROM _stream_records WHERE table_name = 'leads'"));
            assertEquals("USING INDEX lead_router_stream_after", plan(sqlite, "SELECT event_name FROM _stream_records"
                    + " WHERE table_name = 'leads' AND shard_id = 's' AND CAST(sequence_number AS INTEGER) > 7"
                    + " ORDER BY CAST(sequence_number AS INTEGER) ASC LIMIT 100"));
        }
    }

    @Test
    void noEmulatorOrScratchFileOutlivesAJvmKilledWithSigkill() throws Exception {
        Process jvm = startStackJvm();
        try {
            List<ProcessHandle> processes = emulatorProcesses(jvm.toHandle());
            Path scratch = databaseFile(processes).getParent();
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(jvm.waitFor(GONE_WITHIN.toSeconds(), TimeUnit.SECONDS));
            assertGone(processes);
            assertFalse(Files.exists(scratch), scratch + " is left behind");
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void noEmulatorOutlivesAJvmStoppedWithSigterm() throws Exception {
        Process jvm = startStackJvm();
        try {
            List<ProcessHandle> processes = emulatorProcesses(jvm.toHandle());
            jvm.destroy(); // SIGTERM, as a service manager stops it; the shutdown hook closes the stack
            assertTrue(jvm.waitFor(GONE_WITHIN.toSeconds(), TimeUnit.SECONDS));
            assertGone(processes);
        } finally {
            jvm.destroyForcibly();
        }
    }

    @Test
    void aBinaryNamedInTheEnvironmentMustBeExecutable() {
        var e = assertThrows(IllegalStateException.class,
                () -> EmbeddedDynamoDb.binary(Map.of(EmbeddedDynamoDb.BINARY_ENV, dataDir.resolve("missing").toString())));
        assertTrue(e.getMessage().contains(EmbeddedDynamoDb.BINARY_ENV), e.getMessage());
    }

    /** A JVM running the local stack as {@code java -jar} would, once it has printed its endpoints. */
    private static Process startStackJvm() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process jvm = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--dynamodb-port", "0", "--sqs-port", "0", "--no-seed")
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        CompletableFuture<Boolean> started = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                    if (line.startsWith("API token")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false;
            }
            return false;
        });
        boolean up;
        try {
            up = started.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            up = false;
        }
        if (!up) {
            jvm.destroyForcibly();
            throw new AssertionError("the stack JVM did not start: " + lines);
        }
        // Keep draining so that the JVM never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                output.transferTo(Writer.nullWriter());
            } catch (IOException gone) {
                // the JVM is gone
            }
        });
        return jvm;
    }

    /** The {@code --db-path} Dynoxide was started with. */
    private static Path databaseFile(List<ProcessHandle> emulatorProcesses) {
        String[] arguments = emulatorProcesses.stream().filter(p -> p.info().command().orElse("").endsWith("/dynoxide"))
                .findFirst().orElseThrow().info().arguments().orElseThrow();
        int at = List.of(arguments).indexOf("--db-path");
        assertTrue(at >= 0, "no --db-path in " + List.of(arguments));
        return Path.of(arguments[at + 1]);
    }

    /** Which index SQLite's plan for {@code query} uses ("USING INDEX name"), or the whole plan if none. */
    private static String plan(Connection sqlite, String query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = sqlite.createStatement();
             ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + query)) {
            while (rows.next()) {
                plan.append(rows.getString("detail"));
            }
        }
        var index = java.util.regex.Pattern.compile("USING (COVERING )?INDEX \\w+").matcher(plan);
        return index.find() ? index.group().replace("COVERING ", "") : plan.toString();
    }

    /** The watchdog and Dynoxide processes under {@code parent}; fails if there is no Dynoxide. */
    private static List<ProcessHandle> emulatorProcesses(ProcessHandle parent) {
        List<ProcessHandle> all = parent.descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("dynoxide")).toList();
        assertTrue(all.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/dynoxide")),
                "no Dynoxide process under " + parent.pid());
        return all;
    }

    private static void assertGone(List<ProcessHandle> processes) {
        try {
            Awaitility.await("the emulator processes are gone").atMost(GONE_WITHIN).pollInterval(Duration.ofMillis(50))
                    .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
        } catch (ConditionTimeoutException e) {
            // the assertion below names the survivors
        }
        List<String> alive = processes.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        assertEquals(List.of(), alive, "still running");
    }

    private static DynamoDbClient client(EmbeddedDynamoDb dynamoDb) {
        return AwsClients.dynamoDb(Map.of("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString(), "AWS_REGION", LocalStack.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
}
