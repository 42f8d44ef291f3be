package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ladder is visible in the names (README, "Tests"): a test class tagged {@code integration} is named
 * {@code *IT}, and an {@code *IT} class is tagged {@code integration}; the other emulator layers are tagged.
 * Surefire runs untagged {@code *Test} classes, Failsafe the tagged ones, so a class is run exactly once; a
 * layer is one of the three the poms know.
 */
class TestLadderTest {
    private static final Set<String> LAYERS = Set.of("integration", "end-to-end", "soak");

    @Test
    void integrationTestsAreNamedItAndEveryItIsAnIntegrationTest() throws IOException, URISyntaxException {
        Path root = Path.of(TestLadderTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = root.relativize(file).toString().replace(".class", "").replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type;
                try {
                    type = Class.forName(name, false, TestLadderTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                String layer = layer(type);
                boolean namedIt = type.getSimpleName().endsWith("IT");
                if (namedIt != "integration".equals(layer)) {
                    wrong.add(type.getSimpleName() + " (tag " + layer + ")");
                }
                if (layer != null && !LAYERS.contains(layer)) {
                    wrong.add(type.getSimpleName() + " has the unknown layer " + layer);
                }
            }
        }
        assertTrue(wrong.isEmpty(), "tag integration if and only if named *IT: " + wrong);
    }

    /** The class's JUnit or jqwik {@code @Tag}, or null. */
    private static String layer(Class<?> type) {
        Tag jupiter = type.getAnnotation(Tag.class);
        if (jupiter != null) {
            return jupiter.value();
        }
        net.jqwik.api.Tag jqwik = type.getAnnotation(net.jqwik.api.Tag.class);
        return jqwik == null ? null : jqwik.value();
    }
}
