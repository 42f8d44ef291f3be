package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Meta Lead Ads webhook notification ({@code {"object":"page","entry":[{"changes":[{"field":"leadgen",
 * "value":{...}}]}]}}): it carries ids only, so each leadgen change becomes one CRM import message
 * (format {@value MetaLeadImport#FORMAT}) whose consumer fetches the answers. Changes of other fields are
 * not ours and are ignored.
 */
public final class MetaLeadgenNotification {
    static final int MAX_ID_LENGTH = 100;
    /** Leadgen ids go into the Graph API path: only characters that need no escaping are accepted. */
    private static final Pattern LEADGEN_ID = Pattern.compile("[A-Za-z0-9_-]+");

    private MetaLeadgenNotification() {
    }

    /** The import messages, one per leadgen change: {@code {leadgen_id, page_id, form_id, ad_id, created_time}}. */
    public static List<ObjectNode> importMessages(JsonNode payload) {
        PayloadReader in = new PayloadReader();
        JsonNode notification = in.object(payload, "body", true);
        in.throwIfMalformed();
        JsonNode object = notification.get("object");
        if (object == null || !"page".equals(object.asText(null))) {
            in.fail("object", "object must be \"page\"");
        }
        List<ObjectNode> messages = new ArrayList<>();
        List<JsonNode> entries = in.array(notification.get("entry"), "entry", true);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = in.object(entries.get(i), "entry[" + i + "]", true);
            List<JsonNode> changes = entry == null ? List.of()
                    : in.array(entry.get("changes"), "entry[" + i + "].changes", true);
            for (int j = 0; j < changes.size(); j++) {
                String path = "entry[" + i + "].changes[" + j + "]";
                JsonNode change = in.object(changes.get(j), path, true);
                if (change != null && "leadgen".equals(change.path("field").asText(null))) {
                    JsonNode value = in.object(change.get("value"), path + ".value", true);
                    if (value != null) {
                        message(value, path + ".value", in, messages);
                    }
                }
            }
        }
        in.throwIfMalformed();
        return messages;
    }

    /** A leadgen id that is safe in a Graph API path; null, with the problem recorded, when there is none. */
    static String leadgenId(JsonNode value, String path, PayloadReader in) {
        String id = in.id(value, path, true, MAX_ID_LENGTH);
        if (id != null && !LEADGEN_ID.matcher(id).matches()) {
            in.fail(path, path + " must be letters, digits, '_' or '-'");
            return null;
        }
        return id;
    }

    private static void message(JsonNode value, String path, PayloadReader in, List<ObjectNode> messages) {
        String leadgenId = leadgenId(value.get("leadgen_id"), path + ".leadgen_id", in);
        if (leadgenId == null) {
            return;
        }
        ObjectNode message = Json.object();
        message.put("leadgen_id", leadgenId);
        for (String id : List.of("page_id", "form_id", "ad_id")) {
            String text = in.id(value.get(id), path + "." + id, false, MAX_ID_LENGTH);
            if (text != null) {
                message.put(id, text);
            }
        }
        JsonNode createdTime = value.get("created_time");
        if (createdTime != null && createdTime.isNumber()) {
            message.set("created_time", createdTime);
        } else if (!PayloadReader.isAbsent(createdTime)) {
            in.fail(path + ".created_time", path + ".created_time must be a number (Unix seconds)");
        }
        messages.add(message);
    }
}
