package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.AwsLimits;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** However often a person submits, the lead stays readable and writable: its stored size stays bounded. */
@Tag("end-to-end")
class LeadSizeBoundTest extends OnSharedStack {
    private static final int SUBMISSIONS = 40;

    @Test
    void everyDuplicateAnswers200AndTheLeadStaysFarBelowTheItemLimit() {
        String email = TestLeads.uniqueEmail("again-and-again", "gmail.com");
        // The largest submission the validator takes: about 30 KB, just under the 32 KiB body limit.
        ObjectNode submission = TestLeads.coldLead(email).put("message", "m".repeat(4_900));
        ObjectNode attributes = submission.putObject("attributes");
        for (int i = 0; i < 25; i++) {
            attributes.put("note" + i, "a".repeat(990));
        }
        String body = submission.toString();
        HttpResponse<String> first = api.post("/leads", body);
        assertEquals(202, first.statusCode(), first.body());
        String leadId = Json.parse(first.body()).path("leadId").asText();

        for (int i = 1; i < SUBMISSIONS; i++) {
            HttpResponse<String> again = api.post("/leads", body);
            assertEquals(200, again.statusCode(), "submission " + i + ": " + again.body());
        }

        Map<String, AttributeValue> item = stack.dynamoDb().getItem(r -> r
                .tableName(stack.config().leadsTable())
                .key(Map.of("leadId", AttributeValue.fromS(leadId)))).item();
        long bytes = item.entrySet().stream().mapToLong(e -> e.getKey().length() + AwsLimits.size(e.getValue())).sum();
        assertTrue(bytes < AwsLimits.MAX_ITEM_BYTES / 2, "lead item of " + bytes + " bytes");
        JsonNode lead = Json.parse(api.getAuthenticated("/leads/" + leadId).body());
        assertEquals(SUBMISSIONS - 1, lead.path("touchpoints").size() + lead.path("earlierTouchpoints").path("count").asInt(),
                lead.path("earlierTouchpoints").toString());
        assertTrue(lead.path("earlierTouchpoints").path("count").asInt() > 0, "older touchpoints are summarized");
    }
}
