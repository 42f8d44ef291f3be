package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one AWS Secrets Manager call the functions make, GetSecretValue, served from memory on 127.0.0.1
 * (AWS JSON 1.1 protocol), so that the functions read their settings at run time locally as in AWS.
 */
public final class LocalSecretsManager implements AutoCloseable {
    private record Secret(String arn, String value, String versionId) {
    }

    private final HttpServer server;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    private LocalSecretsManager(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port. */
    public static LocalSecretsManager start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LocalSecretsManager secretsManager = new LocalSecretsManager(server);
            server.createContext("/", secretsManager::handle);
            server.start();
            return secretsManager;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Secrets Manager", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Creates or replaces secret {@code name}; returns its ARN. */
    public String put(String name, String value) {
        String arn = "arn:aws:secretsmanager:" + LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID + ":secret:" + name;
        Secret secret = new Secret(arn, value, UUID.randomUUID().toString());
        secrets.put(name, secret);
        secrets.put(arn, secret);
        return arn;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            Secret secret = secrets.get(request.path("SecretId").asText());
            int status;
            Object body;
            if (!"secretsmanager.GetSecretValue".equals(target)) {
                status = 400;
                body = Map.of("__type", "InvalidRequestException", "message", "only GetSecretValue is served locally");
            } else if (secret == null) {
                status = 400;
                body = Map.of("__type", "ResourceNotFoundException", "message", "Secrets Manager can't find the specified secret.");
            } else {
                status = 200;
                body = Map.of("ARN", secret.arn(), "Name", secret.arn().substring(secret.arn().lastIndexOf(':') + 1),
                        "SecretString", secret.value(), "VersionId", secret.versionId(),
                        "VersionStages", java.util.List.of("AWSCURRENT"));
            }
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
