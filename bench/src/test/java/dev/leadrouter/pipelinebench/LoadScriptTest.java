package dev.leadrouter.pipelinebench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leadrouter.local.LocalStack;
import dev.leadrouter.local.LocalStackOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The independent load script against a stack with the sample org: every lead it posts arrives on the assignments
 * queue assigned, once, and is closed half a second later.
 */
@Tag("end-to-end")
class LoadScriptTest {
    private static final Path SCRIPT = Path.of("load", "load.py");

    @Test
    void smallRunLosesNothing() throws IOException, InterruptedException {
        assumeTrue(python(), "python3 is not installed");
        try (LocalStack stack = LocalStack.start(new LocalStackOptions().port(0).dynamoDbPort(0).sqsPort(0))) {
            Process run = new ProcessBuilder("python3", SCRIPT.toString(), "--api", stack.apiUrl().toString(),
                    "--sqs", stack.sqsEndpoint().toString(),
                    // A generated token may begin with '-', which argparse would take for an option.
                    "--token=" + stack.apiToken(), "--rate", "20", "--leads", "30", "--settle-seconds", "30",
                    "--close-after", "0.5")
                    .redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(run.waitFor(90, TimeUnit.SECONDS), output);
            assertEquals(0, run.exitValue(), output);
            assertTrue(output.contains("answers: 30 x 202"), output);
            assertTrue(output.contains("(30 assigned)"), output);
            assertTrue(output.contains("lost: 0; assigned twice: 0"), output);
        }
    }

    private static boolean python() {
        try {
            return Files.exists(SCRIPT) && new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException noPython) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
