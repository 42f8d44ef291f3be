package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sample native payloads of {@code events/payloads}, and helpers to check what the adapters make of them. */
final class Payloads {
    private static final Path DIRECTORY = Path.of("../../events/payloads");

    private Payloads() {
    }

    static String text(String name) {
        try {
            return Files.readString(DIRECTORY.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String name) {
        return (ObjectNode) Json.parse(text(name));
    }

    /** The fields named by the errors of a malformed payload. */
    static List<String> errorFields(Executable mapping) {
        return assertThrows(MalformedPayload.class, mapping).errors().stream().map(FieldError::field).toList();
    }

    static String attribute(JsonNode body, String name) {
        return body.path("attributes").path(name).textValue();
    }
}
