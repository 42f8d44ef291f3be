package dev.leadrouter.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** DynamoDB Local running in this JVM as an HTTP server, in memory or on disk. */
public final class EmbeddedDynamoDb implements AutoCloseable {
    private static final String SQLITE_PATH_PROPERTY = "sqlite4java.library.path";

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
        useBundledSqliteLibrary();
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

    /**
     * sqlite4java loads its native library from a directory; the jar ships it as a resource, so it is
     * copied to a temporary directory once per JVM (unless the property points somewhere already).
     */
    private static synchronized void useBundledSqliteLibrary() {
        if (System.getProperty(SQLITE_PATH_PROPERTY) != null) {
            return;
        }
        String library = sqliteLibraryName();
        try (InputStream in = EmbeddedDynamoDb.class.getResourceAsStream("/native/" + library)) {
            if (in == null) {
                throw new IllegalStateException("native library /native/" + library + " is missing from the classpath");
            }
            Path dir = Files.createTempDirectory("lead-router-sqlite");
            Path file = dir.resolve(library);
            Files.copy(in, file);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.setProperty(SQLITE_PATH_PROPERTY, dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the SQLite native library", e);
        }
    }

    private static String sqliteLibraryName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return "libsqlite4java-linux-amd64.so";
        }
        if (os.contains("mac")) {
            return "libsqlite4java-osx.dylib";
        }
        throw new IllegalStateException("the embedded DynamoDB has no SQLite library for " + os + "/" + arch
                + "; start DynamoDB elsewhere and pass --dynamodb-endpoint");
    }
}
