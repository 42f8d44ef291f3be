package dev.leadrouter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads the CLI's input files (plain JSON) and checks item files as a whole before anything is written. */
final class ItemFiles {
    private ItemFiles() {
    }

    static JsonNode read(Path file) throws CommandFailed {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CommandFailed(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new CommandFailed(file + " is not valid JSON: " + e.getOriginalMessage().replaceAll("[\\r\\n]+", " ")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new CommandFailed("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The file's items: it must hold a JSON array (of objects; others are reported by {@link #problems}). */
    static List<JsonNode> readArray(Path file) throws CommandFailed {
        JsonNode root = read(file);
        if (!root.isArray()) {
            throw new CommandFailed(file + " must hold a JSON array of items, not a JSON " + kind(root));
        }
        List<JsonNode> items = new ArrayList<>();
        root.forEach(items::add);
        return items;
    }

    static ObjectNode readObject(Path file) throws CommandFailed {
        JsonNode root = read(file);
        if (!root.isObject()) {
            throw new CommandFailed(file + " must hold a JSON object, not a JSON " + kind(root));
        }
        return (ObjectNode) root;
    }

    /**
     * Every problem of every item, one line per item ("item 2 (ruleId "x"): ..."), including items
     * that are not objects and keys used twice. Empty when all items are good.
     */
    static List<String> problems(List<JsonNode> items, String key, Function<ObjectNode, List<String>> check) {
        List<String> lines = new ArrayList<>();
        Map<String, Integer> firstItemOfKey = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = "item " + (i + 1);
            if (!item.isObject()) {
                lines.add(where + ": must be a JSON object, not a JSON " + kind(item));
                continue;
            }
            JsonNode id = item.get(key);
            List<String> problems = new ArrayList<>(check.apply((ObjectNode) item));
            if (id != null && id.isTextual()) {
                where += " (" + key + " \"" + id.textValue() + "\")";
                Integer earlier = firstItemOfKey.putIfAbsent(id.textValue(), i + 1);
                if (earlier != null) {
                    problems.add(key + " \"" + id.textValue() + "\" is also used by item " + earlier);
                }
            }
            if (!problems.isEmpty()) {
                lines.add(where + ": " + String.join("; ", problems));
            }
        }
        return lines;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
