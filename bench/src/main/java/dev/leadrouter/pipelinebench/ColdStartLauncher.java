package dev.leadrouter.pipelinebench;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs inside a fresh JVM on a function jar's class path (plus this one class), as the Lambda runtime
 * would: constructs the handler with its no-argument constructor (configured from the environment),
 * handles one event from a JSON file, and prints one line with the two times. Uses only the JDK and
 * what every function jar holds (the Lambda interfaces, the events, Jackson).
 */
public final class ColdStartLauncher {
    static final String RESULT_PREFIX = "COLD-START ";

    private ColdStartLauncher() {
    }

    /** {@code args}: handler class name, event file. */
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        long constructed = System.nanoTime();
        Method handle = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge())
                .findFirst().orElseThrow(() -> new IllegalArgumentException(args[0] + " has no handleRequest"));
        // The Lambda runtime's own serializer matches event property names this loosely too.
        ObjectMapper mapper = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        Object event = mapper.readValue(Files.readString(Path.of(args[1])), handle.getParameterTypes()[0]);
        Object result = handle.invoke(handler, event, context());
        long handled = System.nanoTime();
        System.out.println(RESULT_PREFIX + (constructed - started) / 1_000_000.0 + " " + (handled - constructed) / 1_000_000.0
                + " " + mapper.writeValueAsString(result));
        System.out.flush();
    }

    private static Context context() {
        return (Context) Proxy.newProxyInstance(ColdStartLauncher.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 30_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getAwsRequestId" -> "cold-start";
                    case "getFunctionName" -> "cold-start";
                    case "hashCode" -> 0;
                    case "equals" -> false;
                    case "toString" -> "cold-start context";
                    default -> null;
                });
    }
}
