package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.AwsLimits;
import dev.leadrouter.store.LeadStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The routing trace is stored deflated in one binary attribute, smaller than as a map; the API shows it as the
 * object it is, and leads stored with the trace as a map, or with a trace that no longer reads, still read.
 */
@Tag("end-to-end")
class StoredTraceTest extends OnSharedStack {
    private static final Duration PIPELINE = Duration.ofSeconds(30);

    @Test
    void aRoutedLeadStoresItsTraceDeflatedAndShowsItAsAnObject() throws IOException {
        HttpResponse<String> posted = api.post("/leads",
                TestLeads.warmLead(TestLeads.uniqueEmail("stored-trace", "souza-logistica.com.br")).toString());
        assertEquals(202, posted.statusCode(), posted.body());
        String leadId = TestLeads.leadId(posted);
        JsonNode shown = api.awaitStatus(leadId, "ASSIGNED", PIPELINE).path("trace");

        AttributeValue stored = item(leadId).get(LeadStore.TRACE);
        assertNotNull(stored.b(), "trace stored as " + stored);
        byte[] json;
        try (InputStream inflated = new InflaterInputStream(stored.b().asInputStream())) {
            json = inflated.readAllBytes();
        }
        JsonNode trace = Json.MAPPER.readTree(json);
        assertTrue(trace.has("qualification") && trace.path("routing").has("candidates"), trace.toString());
        assertEquals(trace, shown);
        long asMap = AwsLimits.size(AttributeValues.toValue(trace));
        assertTrue(stored.b().asByteArray().length < asMap / 2, stored.b().asByteArray().length + " bytes against "
                + asMap + " as a map");
    }

    @Test
    void leadsStoredWithTheTraceAsAMapOrUnreadableStillRead() {
        JsonNode trace = Json.parse("""
                {"routing": {"rule": {"result": "ASSIGNED"}, "candidates": [{"repId": "r-1", "result": "CHOSEN"}]}}""");
        String asMap = store(AttributeValues.toValue(trace));
        assertEquals(trace, Json.parse(api.getAuthenticated("/leads/" + asMap).body()).path("trace"));
        assertEquals(trace, leads().get(asMap).orElseThrow().trace);

        String unreadable = store(AttributeValue.fromB(SdkBytes.fromUtf8String("{\"routing\": ")));
        HttpResponse<String> read = api.getAuthenticated("/leads/" + unreadable);
        assertEquals(200, read.statusCode(), read.body());
        JsonNode lead = Json.parse(read.body());
        assertEquals("CLOSED", lead.path("status").asText(), read.body());
        assertTrue(lead.path("trace").isMissingNode() || lead.path("trace").isNull(), read.body());
    }

    /** A closed lead (so that no stage picks it up) with {@code trace} as given; its lead id. */
    private static String store(AttributeValue trace) {
        String leadId = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LeadStore.KEY, AttributeValue.fromS(leadId));
        item.put("status", AttributeValue.fromS("CLOSED"));
        item.put("receivedAt", AttributeValue.fromS(Instant.now().toString()));
        item.put("version", AttributeValue.fromN("3"));
        item.put(LeadStore.TRACE, trace);
        stack.dynamoDb().putItem(r -> r.tableName(stack.config().leadsTable()).item(item));
        return leadId;
    }

    private static Map<String, AttributeValue> item(String leadId) {
        return leads().getItem(leadId).orElseThrow();
    }

    private static LeadStore leads() {
        return new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
    }
}
