package dev.leadrouter.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.io.PrintStream;
import java.time.Instant;

/**
 * Structured JSON log lines (one object per line, as Lambda's JSON log format expects).
 * Callers pass lead ids and reasons, never raw emails or phone numbers.
 */
public final class Log {
    private static volatile PrintStream out = System.out;
    private final String logger;

    private Log(String logger) {
        this.logger = logger;
    }

    public static Log of(Class<?> type) {
        return new Log(type.getSimpleName());
    }

    /** Where log lines go; tests capture them here to check that no PII is written. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** Writes one already-built JSON line (an EMF metrics line) where log lines go. */
    static void print(Object line) {
        out.println(line);
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write("WARN", message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        write("ERROR", message, error, keyValues);
    }

    private void write(String level, String message, Throwable error, Object... keyValues) {
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("logger", logger);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            line.set(String.valueOf(keyValues[i]), Json.MAPPER.valueToTree(value));
        }
        if (error != null) {
            line.put("error", error.getClass().getSimpleName() + ": " + error.getMessage());
        }
        out.println(line);
    }
}
