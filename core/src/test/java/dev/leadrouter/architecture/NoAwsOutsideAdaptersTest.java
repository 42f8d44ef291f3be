package dev.leadrouter.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class outside the adapter modules imports an AWS SDK type: the services talk to the ports of
 * {@code dev.leadrouter.port}, and handlers get their ports from {@code AwsPorts}. The modules are read from the
 * root pom, so a new module is held to this without being named here.
 */
class NoAwsOutsideAdaptersTest {
    /**
     * The adapters: the DynamoDB, SQS, Secrets Manager and SES implementations of the ports, and the tooling that
     * drives AWS APIs itself (the local stack, the ops CLI, the pipeline bench, the JMH benchmarks' jar).
     */
    static final Set<String> ADAPTER_MODULES = Set.of("aws-adapters", "local", "cli", "bench", "benchmarks");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern SDK_IMPORT = Pattern.compile("^import\\s+(static\\s+)?software\\.amazon\\.awssdk\\.",
            Pattern.MULTILINE);

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void onlyTheAdapterModulesImportTheAwsSdk() throws IOException {
        List<String> modules = modules();
        assertTrue(modules.contains("core"), "the root pom lists the modules, core among them: " + modules);
        List<String> offenders = new ArrayList<>();
        for (String module : modules) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (ADAPTER_MODULES.contains(module) || !Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(file -> file.toString().endsWith(".java")).filter(NoAwsOutsideAdaptersTest::importsSdk)
                        .forEach(file -> offenders.add(ROOT.relativize(file).toString()));
            }
        }
        assertEquals(List.of(), offenders, "put the SDK code in the adapters module behind a port");
    }

    @Test
    void everyAdapterModuleIsAModule() throws IOException {
        List<String> modules = modules();
        ADAPTER_MODULES.forEach(module -> assertTrue(modules.contains(module),
                "allowed to import the SDK but no module of the root pom: " + module));
    }

    private static List<String> modules() throws IOException {
        Matcher matcher = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (matcher.find()) {
            modules.add(matcher.group(1).strip());
        }
        return modules;
    }

    private static boolean importsSdk(Path file) {
        try {
            return SDK_IMPORT.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
