package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every adapter, given each sample payload with any one of its values (or the whole payload) replaced by
 * a value of another shape, either maps it or names what is wrong; it never fails any other way.
 */
class MalformedInputTest {
    private static final List<JsonNode> ODD_VALUES = List.of(Json.parse("null"), Json.parse("true"), Json.parse("1.5"),
            Json.parse("-7"), Json.parse("1e999999"), Json.parse("123456789012345678901234567890"), Json.parse("\"\""),
            Json.parse("\"  \""), Json.parse("\"x\""), Json.parse("[]"), Json.parse("[1, {\"a\": 2}]"), Json.parse("{}"),
            Json.parse("{\"a\": [null]}"));

    private static final Map<String, Function<JsonNode, Object>> ADAPTERS = Map.of(
            "hubspot-form.json", payload -> HubSpotForm.toLead(payload, "key"),
            "google-ads-lead.json", GoogleAdsLead::toLead,
            "meta-leadgen-notification.json", MetaLeadgenNotification::importMessages,
            "meta-graph-lead.json", payload -> MetaLeadImport.fromGraph("1", "2", payload),
            "salesforce-lead.json", SalesforceLead::toLead,
            "hubspot-contact.json", HubSpotContact::toLead);

    @Test
    void everyAdapterMapsOrNamesTheProblem() {
        ADAPTERS.forEach((sample, adapter) -> {
            JsonNode payload = Payloads.json(sample);
            int mapped = 0;
            int refused = 0;
            for (JsonNode variant : variants(payload)) {
                try {
                    adapter.apply(variant);
                    mapped++;
                } catch (MalformedPayload e) {
                    assertFalse(e.errors().isEmpty());
                    e.errors().forEach(error -> assertTrue(error.field() != null && error.message() != null, sample));
                    refused++;
                } catch (RuntimeException e) {
                    fail(sample + " failed on " + variant + " with " + e, e);
                }
            }
            assertTrue(mapped > 0 && refused > 0, sample + ": " + mapped + " mapped, " + refused + " refused");
        });
    }

    /** The payload with the root and then each value, at any depth, replaced by each odd value. */
    private static List<JsonNode> variants(JsonNode payload) {
        List<JsonNode> variants = new ArrayList<>(ODD_VALUES);
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(payload, new ArrayList<>(), paths);
        for (List<Object> path : paths) {
            for (JsonNode odd : ODD_VALUES) {
                JsonNode copy = payload.deepCopy();
                replace(copy, path, odd.deepCopy());
                variants.add(copy);
            }
        }
        return variants;
    }

    private static void collectPaths(JsonNode node, List<Object> path, List<List<Object>> paths) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                List<Object> child = new ArrayList<>(path);
                child.add(entry.getKey());
                paths.add(child);
                collectPaths(entry.getValue(), child, paths);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> child = new ArrayList<>(path);
                child.add(i);
                paths.add(child);
                collectPaths(node.get(i), child, paths);
            }
        }
    }

    private static void replace(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }
}
