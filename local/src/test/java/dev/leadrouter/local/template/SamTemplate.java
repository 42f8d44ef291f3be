package dev.leadrouter.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * template.yaml after the SAM transform, as CloudFormation deploys it (samtranslator, which cfn-lint
 * brings, run by python3): functions with their environment, roles with policy templates expanded,
 * event source mappings and the auto-published versions.
 */
public final class SamTemplate {
    public static final Path TEMPLATE = Path.of("../template.yaml");
    /** What a deployer must give; everything else keeps its default. */
    public static final Map<String, String> REQUIRED_PARAMETERS = Map.of(
            "JwtIssuer", "https://idp.example.com", "JwtAudience", "lead-router", "AllowedOrigins", "https://www.example.com",
            "LinkSigningSecret", "link-signing-secret-of-at-least-32-characters");

    /** One AWS::Lambda::Function of the transformed template. */
    public record FunctionDef(String logicalId, String handlerClass, String codeUri, JsonNode environment,
                              String roleLogicalId) {
    }

    private final JsonNode template;
    private final Map<String, String> parameters;

    private SamTemplate(JsonNode template, Map<String, String> parameters) {
        this.template = template;
        this.parameters = parameters;
    }

    /** The template transformed with the required parameters. */
    public static SamTemplate transformed() {
        return transformed(Map.of());
    }

    /**
     * The template transformed with {@code parameters} on top of the required ones. Without python3 and
     * samtranslator the calling test is skipped, or fails under CI=true (.ci/run installs them).
     */
    public static SamTemplate transformed(Map<String, String> parameters) {
        Map<String, String> values = new LinkedHashMap<>(REQUIRED_PARAMETERS);
        values.putAll(parameters);
        Map<String, String> withRegion = new LinkedHashMap<>(values);
        withRegion.put("AWS::Region", LocalResources.REGION);
        try {
            Path script = Files.createTempFile("sam-transform", ".py");
            try (InputStream in = SamTemplate.class.getResourceAsStream("/sam-transform.py")) {
                Files.write(script, in.readAllBytes());
            }
            ProcessBuilder builder = new ProcessBuilder("python3", script.toString(), TEMPLATE.toString(),
                    Json.write(withRegion));
            builder.environment().put("AWS_DEFAULT_REGION", LocalResources.REGION);
            builder.redirectError(ProcessBuilder.Redirect.PIPE);
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                if (err.contains("ModuleNotFoundError")) {
                    missing("samtranslator is not installed (pip install cfn-lint): " + err.strip());
                }
                Assertions.fail("the SAM transform of template.yaml failed: " + err);
            }
            return new SamTemplate(Json.MAPPER.readTree(out), values);
        } catch (IOException e) {
            missing("python3 cannot be run: " + e.getMessage());
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void missing(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(why + "; CI must run the SAM transform checks (see .ci/run)");
        }
        Assumptions.abort(why);
    }

    public JsonNode resources() {
        return template.path("Resources");
    }

    public JsonNode resource(String logicalId) {
        return resources().path(logicalId);
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    /** Logical ids of resources of {@code type}. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** Every Lambda function, by logical id. */
    public Map<String, FunctionDef> functions() {
        Map<String, FunctionDef> functions = new LinkedHashMap<>();
        for (String id : resourcesOfType("AWS::Lambda::Function")) {
            JsonNode properties = resource(id).path("Properties");
            JsonNode role = properties.path("Role").path("Fn::GetAtt");
            functions.put(id, new FunctionDef(id, properties.path("Handler").asText().split("::")[0],
                    properties.path("Code").path("S3Key").asText(),
                    properties.path("Environment").path("Variables"),
                    role.isArray() ? role.get(0).asText() : null));
        }
        return functions;
    }

    /** The statements of the inline policies of the function's role (managed policies: logs and tracing only). */
    public List<JsonNode> roleStatements(String functionId) {
        FunctionDef function = functions().get(functionId);
        List<JsonNode> statements = new ArrayList<>();
        if (function == null || function.roleLogicalId() == null) {
            return statements;
        }
        for (JsonNode policy : resource(function.roleLogicalId()).path("Properties").path("Policies")) {
            JsonNode statement = policy.path("PolicyDocument").path("Statement");
            if (statement.isArray()) {
                statement.forEach(statements::add);
            } else {
                statements.add(statement);
            }
        }
        return statements;
    }

    /** The function's environment as the local stack's resources resolve it (variables set to no value are left out). */
    public Map<String, String> environment(String functionId, LocalResources local) {
        Map<String, String> env = new HashMap<>();
        functions().get(functionId).environment().fields().forEachRemaining(e -> {
            Object value = local.resolve(e.getValue(), this);
            if (value != LocalResources.NO_VALUE) {
                env.put(e.getKey(), String.valueOf(value));
            }
        });
        return env;
    }

    /** Whether condition {@code name} holds for the parameters this template was transformed with. */
    boolean condition(String name, LocalResources local) {
        Object value = local.resolve(template.path("Conditions").path(name), this);
        return Boolean.TRUE.equals(value);
    }

    /** The parameter's value: given, else its default (null when neither). */
    String parameter(String name) {
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        JsonNode definition = template.path("Parameters").path(name);
        return definition.has("Default") ? definition.path("Default").asText() : null;
    }
}
