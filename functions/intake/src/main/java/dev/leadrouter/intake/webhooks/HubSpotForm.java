package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Source;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HubSpot form submission ({@code fields: [{name, value}]}, {@code context: {pageUri, pageName, hutk}}) as a
 * web form lead. Other fields go to attributes; the page is kept in attributes, and utm parameters of the
 * page's address fill in what utm fields of the form did not.
 */
public final class HubSpotForm {
    private HubSpotForm() {
    }

    public static MappedLead toLead(JsonNode payload, String idempotencyKey) {
        PayloadReader in = new PayloadReader();
        JsonNode submission = in.object(payload, "body", true);
        in.throwIfMalformed();
        Map<String, String> answers = new LinkedHashMap<>();
        List<JsonNode> fields = in.array(submission.get("fields"), "fields", true);
        for (int i = 0; i < fields.size(); i++) {
            String path = "fields[" + i + "]";
            JsonNode field = in.object(fields.get(i), path, true);
            if (field == null) {
                continue;
            }
            JsonNode name = field.get("name");
            String value = in.scalar(field.get("value"), path + ".value");
            if (name == null || !name.isTextual() || name.textValue().isBlank()) {
                in.fail(path + ".name", path + ".name must be a non-empty string");
            } else if (value != null) {
                CanonicalBody.answer(answers, name.textValue().strip(), value);
            }
        }
        JsonNode context = in.object(submission.get("context"), "context", false);
        String pageUri = context == null ? null : in.scalar(context.get("pageUri"), "context.pageUri");
        String pageName = context == null ? null : in.scalar(context.get("pageName"), "context.pageName");
        String hutk = context == null ? null : in.scalar(context.get("hutk"), "context.hutk");
        in.throwIfMalformed();

        CanonicalBody lead = new CanonicalBody(Source.WEB_FORM).answers(answers, HubSpotProperties.NAMES);
        if (pageUri != null) {
            queryParameters(pageUri).forEach((name, value) -> {
                String field = HubSpotProperties.NAMES.get(name);
                if (field != null && field.startsWith(CanonicalBody.CAMPAIGN)) {
                    lead.field(field, name, value);
                }
            });
        }
        lead.attribute("pageUri", pageUri).attribute("pageName", pageName).attribute("hutk", hutk);
        return new MappedLead(lead.toJson(), idempotencyKey, false);
    }

    /** The query parameters of a page address; parameters that do not decode are skipped. */
    static Map<String, String> queryParameters(String address) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int query = address.indexOf('?');
        if (query < 0) {
            return parameters;
        }
        int fragment = address.indexOf('#', query);
        String text = address.substring(query + 1, fragment < 0 ? address.length() : fragment);
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            try {
                parameters.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformedEscape) {
                // a broken parameter of the page address says nothing about the lead
            }
        }
        return parameters;
    }
}
