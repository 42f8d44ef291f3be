package dev.leadrouter.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local running in this JVM as an HTTP server, in memory or on disk. It extracts and loads
 * its SQLite native library for the current platform from its own jar.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    /**
     * sqlite4java warns through JUL that a repackaged jar has no version. DynamoDB Local sets this
     * logger's level itself, so a filter keeps only errors; the field keeps the logger from being collected.
     */
    private static final Logger SQLITE_LOG = Logger.getLogger("com.almworks.sqlite4java");

    static {
        SQLITE_LOG.setFilter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue());
    }

    private final DynamoDBProxyServer server;
    private final int port;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts DynamoDB Local on {@code port} (0 picks a free one); with {@code dataDir} null the data
     * lives in memory, otherwise in {@code dataDir/shared-local-instance.db}.
     */
    public static EmbeddedDynamoDb start(int port, Path dataDir) {
        int chosenPort = port == 0 ? FreePorts.pick() : port;
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosenPort), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory " + dataDir, e);
            }
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        // DynamoDB Local prints its configuration to stdout on start; the stack prints its own summary.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new EmbeddedDynamoDb(server, chosenPort);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosenPort + ": " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }
}
