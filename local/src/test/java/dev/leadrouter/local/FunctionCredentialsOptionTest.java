package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionCredentialsOptionTest {

    @Test
    void functionCredentialsAreOffUnlessAsked() {
        assertFalse(LocalStackOptions.parse(new String[0], Map.of()).functionCredentials());
        assertTrue(LocalStackOptions.parse(new String[] {"--function-credentials", "--no-seed"}, Map.of())
                .functionCredentials());
        assertTrue(LocalStackOptions.USAGE.contains("--function-credentials"));
    }
}
