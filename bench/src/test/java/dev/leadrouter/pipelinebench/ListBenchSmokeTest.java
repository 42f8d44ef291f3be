package dev.leadrouter.pipelinebench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lead list benchmark with tiny numbers: it loads, queries every kind and writes its section. */
@Tag("end-to-end")
class ListBenchSmokeTest {

    @Test
    void tinyRunWritesTheLeadListSection(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("BENCHMARKS.md");
        Files.writeString(output, "# Benchmarks\n\n## Pipeline\n\nkept\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ListBench.run(new String[] {"--leads", "60", "--threads", "2", "--queries", "2",
                "--output", output.toString()}, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String document = Files.readString(output);
        assertTrue(document.contains("## Pipeline\n\nkept"), document);
        assertTrue(document.contains("## Lead list"), document);
        assertTrue(document.contains("| `externalId=…` |"), document);
        assertTrue(document.contains("pages 1-20 by cursor"), document);
    }
}
