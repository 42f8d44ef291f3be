package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Dynoxide as the local stack runs it: started on 127.0.0.1, on disk when asked, and never left behind. */
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
    void noEmulatorOutlivesAJvmKilledWithSigkill() throws Exception {
        Process jvm = startStackJvm();
        try {
            List<ProcessHandle> processes = emulatorProcesses(jvm.toHandle());
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(jvm.waitFor(GONE_WITHIN.toSeconds(), TimeUnit.SECONDS));
            assertGone(processes);
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
