package dev.leadrouter.pipelinebench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one function as Lambda runs it: a fresh JVM on the function's shaded jar alone (plus
 * {@link ColdStartLauncher}), with exactly the given environment, the handler built by its no-argument
 * constructor and handed one event.
 */
public final class FunctionJvm {
    private final Path classesDir;

    /** What the function answered, with the times of construction and of the first event, in ms. */
    public record Answer(double wallMillis, double constructMillis, double firstEventMillis, JsonNode result) {
        /** A 2xx HTTP answer, or an SQS batch with no failed record (or another handler's answer). */
        public boolean handledWell() {
            if (result.has("statusCode")) {
                return result.path("statusCode").asInt() / 100 == 2;
            }
            return result.path("batchItemFailures").isEmpty();
        }
    }

    public FunctionJvm() {
        try {
            classesDir = Files.createTempDirectory("lead-router-function-jvm").resolve("classes");
            Path launcher = classesDir.resolve(ColdStartLauncher.class.getName().replace('.', '/') + ".class");
            Files.createDirectories(launcher.getParent());
            try (InputStream in = ColdStartLauncher.class.getResourceAsStream(ColdStartLauncher.class.getSimpleName() + ".class")) {
                Files.write(launcher, in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the function launcher", e);
        }
    }

    /**
     * Runs {@code handlerClass} of {@code jar} on {@code eventFile}, in a JVM started with {@code jvmOptions} and
     * nothing of this JVM's environment but {@code environment}; fails with the function's last output lines.
     */
    public Answer invoke(Path jar, String handlerClass, Path eventFile, Map<String, String> environment,
                         List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(jar + java.io.File.pathSeparator + classesDir);
        command.add(ColdStartLauncher.class.getName());
        command.add(handlerClass);
        command.add(eventFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(ColdStartLauncher.RESULT_PREFIX)) {
                    result = line.substring(ColdStartLauncher.RESULT_PREFIX.length());
                    break;
                }
                output.append(line).append('\n');
            }
            double wall = (System.nanoTime() - started) / 1e6;
            lines.transferTo(java.io.Writer.nullWriter());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (result == null) {
                throw new IllegalStateException(handlerClass + " failed: " + lastLines(output.toString()));
            }
            String[] parts = result.split(" ", 3);
            return new Answer(wall, Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Json.parse(parts[2]));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String lastLines(String text) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 8), lines.length));
    }
}
