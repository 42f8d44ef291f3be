package dev.leadrouter.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Dynoxide, an open-source DynamoDB-compatible server (SQLite inside), run as a child process on
 * 127.0.0.1, on a scratch file or in a data directory. The binary is the one the build installed next to this
 * code, the one {@value #BINARY_ENV} names, or {@code dynoxide} on the PATH.
 *
 * <p>Without a data directory its database is a scratch file, in memory-backed {@code /dev/shm} where there is
 * one, removed when Dynoxide stops: Dynoxide's own in-memory mode would keep the data just as briefly, but its
 * database could not then be given the {@link DynoxideStreamIndexes}, which only a file lets another connection
 * add.
 *
 * <p>It runs under a small shell watchdog that ends it once the watchdog's stdin reaches end of file, which
 * happens when this JVM closes the pipe or exits in any way (a crash or kill -9 included): no emulator outlives
 * the stack that started it, and no scratch file outlives the emulator.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {
    /** Environment variable naming the Dynoxide binary to run. */
    public static final String BINARY_ENV = "LEAD_ROUTER_DYNOXIDE";
    /** The database file in {@code --data-dir}. */
    public static final String DATA_FILE = "dynoxide.db";
    /** Where scratch databases go when this is a directory: memory, as Dynoxide's in-memory mode would be. */
    private static final Path MEMORY_BACKED_DIRECTORY = Path.of("/dev/shm");
    /** The watchdog removes the directory this names, if any, once Dynoxide has exited. */
    private static final String SCRATCH_ENV = "LEAD_ROUTER_DYNOXIDE_SCRATCH";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final int OUTPUT_LINES_KEPT = 20;
    /**
     * Runs "$@" and waits for it; a background reader of the watchdog's stdin (kept as fd 3, since a background
     * job's own stdin is /dev/null) ends it at end of file. The shell's own output then goes to /dev/null: with the
     * JVM gone, a write to the JVM's pipe would end the shell (SIGPIPE) before it removes the scratch directory.
     * The exit status is the emulator's.
     */
    private static final String WATCHDOG = """
            exec 3<&0
            "$@" </dev/null 3<&- &
            child=$!
            { while read -r _ <&3; do :; done; kill "$child" 2>/dev/null; } &
            watcher=$!
            exec >/dev/null 2>&1
            wait "$child"
            status=$?
            kill "$watcher" 2>/dev/null
            [ -z "$LEAD_ROUTER_DYNOXIDE_SCRATCH" ] || rm -rf "$LEAD_ROUTER_DYNOXIDE_SCRATCH"
            exit "$status"
            """;

    private final Process watchdog;
    private final int port;
    private final Deque<String> output;

    private EmbeddedDynamoDb(Process watchdog, int port, Deque<String> output) {
        this.watchdog = watchdog;
        this.port = port;
        this.output = output;
    }

    /**
     * Starts Dynoxide on 127.0.0.1:{@code port} (0 picks a free one) and waits until it accepts connections;
     * with {@code dataDir} null the data lives in a scratch file removed when Dynoxide stops, otherwise in
     * {@code dataDir/dynoxide.db}.
     */
    public static EmbeddedDynamoDb start(int port, Path dataDir) {
        Path binary = binary(System.getenv());
        Optional<Path> dataFile = Optional.ofNullable(dataDir).map(EmbeddedDynamoDb::dataFile);
        for (int attempt = 1; ; attempt++) {
            int chosenPort = port == 0 ? FreePorts.pick() : port;
            try {
                return startOn(binary, chosenPort, dataFile);
            } catch (IllegalStateException e) {
                // A free port picked here can be taken by another process before Dynoxide binds it.
                if (port != 0 || attempt == START_ATTEMPTS || !e.getMessage().contains("already in use")) {
                    throw e;
                }
            }
        }
    }

    private static Path dataFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        return dataDir.toAbsolutePath().resolve(DATA_FILE);
    }

    /** A new directory for one Dynoxide's scratch database, in memory where the machine offers that. */
    private static Path scratchDirectory() {
        try {
            return Files.isDirectory(MEMORY_BACKED_DIRECTORY) && Files.isWritable(MEMORY_BACKED_DIRECTORY)
                    ? Files.createTempDirectory(MEMORY_BACKED_DIRECTORY, "lead-router-dynamodb-")
                    : Files.createTempDirectory("lead-router-dynamodb-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for Dynoxide", e);
        }
    }

    /** Removes a scratch directory no Dynoxide has written to. */
    private static void deleteEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }

    private static EmbeddedDynamoDb startOn(Path binary, int port, Optional<Path> dataFile) {
        ProcessBuilder builder = new ProcessBuilder().redirectErrorStream(true);
        Optional<Path> scratch = dataFile.isPresent() ? Optional.empty() : Optional.of(scratchDirectory());
        scratch.ifPresent(directory -> builder.environment().put(SCRATCH_ENV, directory.toString()));
        Path databaseFile = dataFile.orElseGet(() -> scratch.orElseThrow().resolve(DATA_FILE));
        builder.command("/bin/sh", "-c", WATCHDOG, "dynoxide-watchdog", binary.toString(), "serve",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--db-path", databaseFile.toString());
        Process watchdog;
        try {
            watchdog = builder.start();
        } catch (IOException e) {
            scratch.ifPresent(EmbeddedDynamoDb::deleteEmpty);
            throw new IllegalStateException("cannot run Dynoxide (" + binary + "): " + e.getMessage(), e);
        }
        Deque<String> output = new ArrayDeque<>();
        Thread.ofPlatform().daemon().name("dynoxide-output").start(() -> keepLastLines(watchdog, output));
        EmbeddedDynamoDb dynamoDb = new EmbeddedDynamoDb(watchdog, port, output);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!accepts(port)) {
            if (!watchdog.isAlive() || Instant.now().isAfter(deadline)) {
                dynamoDb.close();
                throw new IllegalStateException("Dynoxide did not start on 127.0.0.1:" + port
                        + (watchdog.isAlive() ? " within " + START_TIMEOUT : "") + ": " + dynamoDb.lastOutput());
            }
            pause(Duration.ofMillis(20));
        }
        DynoxideStreamIndexes.create(databaseFile);
        return dynamoDb;
    }

    /** Drains the emulator's output (a full pipe would block it), keeping the last lines for error messages. */
    private static void keepLastLines(Process process, Deque<String> output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > OUTPUT_LINES_KEPT) {
                        output.removeFirst();
                    }
                }
            }
        } catch (IOException closed) {
            // the process is gone
        }
    }

    private String lastOutput() {
        waitForExit(Duration.ofSeconds(1));
        synchronized (output) {
            return output.isEmpty() ? "no output" : String.join(" | ", output);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * The Dynoxide binary: {@value #BINARY_ENV}, else the one the build installed beside this code
     * ({@code target/npm/node_modules/@dynoxide/<platform>/dynoxide}), else {@code dynoxide} on the PATH.
     */
    static Path binary(Map<String, String> env) {
        String named = env.get(BINARY_ENV);
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(BINARY_ENV + " names " + named + ", which is not an executable file");
            }
            return path;
        }
        String platform = platform();
        Optional<Path> installed = codeDirectory()
                .map(dir -> dir.resolve("npm/node_modules/@dynoxide/" + platform + "/dynoxide"))
                .filter(Files::isExecutable);
        if (installed.isPresent()) {
            return installed.get();
        }
        return onPath(env.getOrDefault("PATH", "")).orElseThrow(() -> new IllegalStateException(
                "Dynoxide, the embedded DynamoDB emulator, is not installed for " + platform
                        + " (the build installs it on linux-x64 only, with npm). Install Dynoxide (a release binary"
                        + " of the nubo-db/dynoxide project, `brew install nubo-db/tap/dynoxide` or"
                        + " `cargo install dynoxide-rs`) and put it on the PATH or set " + BINARY_ENV + " to its path,"
                        + " or pass --dynamodb-endpoint URL to use another DynamoDB endpoint."));
    }

    /** The platform as npm names it: {@code linux-x64}, {@code darwin-arm64}, ... */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String npmOs = os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "win32" : os;
        String npmArch = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
        return npmOs + "-" + npmArch;
    }

    /** The directory holding this code's jar or class directory (local/target in a build). */
    private static Optional<Path> codeDirectory() {
        try {
            var source = EmbeddedDynamoDb.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty()
                    : Optional.ofNullable(Path.of(source.getLocation().toURI()).getParent());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException notAFile) {
            return Optional.empty();
        }
    }

    private static Optional<Path> onPath(String path) {
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "dynoxide");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The watchdog's process; Dynoxide runs as its child. */
    ProcessHandle process() {
        return watchdog.toHandle();
    }

    /** Closes the watchdog's stdin, which stops Dynoxide, and waits for both to exit. */
    @Override
    public void close() {
        List<ProcessHandle> processes = new ArrayList<>(watchdog.descendants().toList());
        try {
            watchdog.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // the watchdog is gone: nothing to signal
        }
        if (!waitForExit(STOP_TIMEOUT)) {
            processes.forEach(ProcessHandle::destroyForcibly);
            watchdog.destroyForcibly();
            throw new IllegalStateException("Dynoxide did not stop within " + STOP_TIMEOUT + "; killed it");
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return watchdog.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Dynoxide was starting", e);
        }
    }
}
