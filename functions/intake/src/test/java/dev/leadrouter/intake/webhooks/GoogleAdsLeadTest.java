package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.cleanse.LeadValidator;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.leadrouter.intake.webhooks.Payloads.attribute;
import static dev.leadrouter.intake.webhooks.Payloads.errorFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoogleAdsLeadTest {
    private static final String LEAD_ID =
            "TeSter-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz-0123456789-AaBbCcDdEeFfGgHhIiJjKkLl";
    private final ObjectNode webhook = Payloads.json("google-ads-lead.json");

    @Test
    void columnsMapOntoTheLeadAndTheFullNameIsSplit() {
        JsonNode body = GoogleAdsLead.toLead(webhook).body();

        assertEquals("SOCIAL", body.get("source").textValue());
        assertEquals("marie.dubois@photonique.fr", body.get("email").textValue());
        assertEquals("+33 1 42 68 53 00", body.get("phone").textValue());
        assertEquals("Marie", body.get("firstName").textValue());
        assertEquals("Curie-Dubois", body.get("lastName").textValue());
        assertEquals("Photonique SA", body.get("company").textValue());
        assertEquals("Head of Operations", body.get("title").textValue());
        assertEquals("FR", body.get("country").textValue());
        assertEquals("Paris", body.get("city").textValue());
        assertTrue(new LeadValidator().validate(body, false).isEmpty());
    }

    @Test
    void unknownColumnsAreKeptInAttributesUnderTheirColumnId() {
        JsonNode body = GoogleAdsLead.toLead(webhook).body();

        assertEquals("75008", attribute(body, "POSTAL_CODE"));
        assertEquals("50k-100k EUR", attribute(body, "what_is_your_budget?"));
    }

    @Test
    void numericIdsAreKeptExactlyAsText() {
        JsonNode body = GoogleAdsLead.toLead(webhook).body();

        JsonNode campaign = body.get("campaign");
        assertEquals("google", campaign.get("utmSource").textValue());
        assertEquals("12345678901", campaign.get("utmCampaign").textValue());
        assertEquals("20000000000", campaign.get("adGroupId").textValue());
        assertEquals("30000000000", campaign.get("creativeId").textValue());
        assertEquals("40000000000", attribute(body, "googleFormId"));
        assertEquals(LEAD_ID, attribute(body, "googleLeadId"));
    }

    @Test
    void idsBeyondLongStillKeepEveryDigit() {
        webhook.set("campaign_id", Json.parse("123456789012345678901234567890"));
        webhook.put("form_id", "40000000000");

        JsonNode body = GoogleAdsLead.toLead(webhook).body();
        assertEquals("123456789012345678901234567890", body.get("campaign").get("utmCampaign").textValue());
        assertEquals("40000000000", attribute(body, "googleFormId"));
    }

    @Test
    void leadIdIsTheIdempotencyKey() {
        assertEquals("google-ads:" + LEAD_ID, GoogleAdsLead.toLead(webhook).idempotencyKey());
    }

    @Test
    void aTestLeadIsFlaggedOnTheLeadAndInAttributes() {
        MappedLead mapped = GoogleAdsLead.toLead(webhook);
        Lead lead = new Lead();
        mapped.mark(lead);

        assertTrue(mapped.test());
        assertEquals(Boolean.TRUE, lead.test);
        assertEquals("true", attribute(mapped.body(), "isTest"));
    }

    @Test
    void aRealLeadIsNotFlagged() {
        webhook.put("is_test", false);
        MappedLead mapped = GoogleAdsLead.toLead(webhook);
        Lead lead = new Lead();
        mapped.mark(lead);

        assertFalse(mapped.test());
        assertNull(lead.test);
        assertNull(attribute(mapped.body(), "isTest"));
    }

    @Test
    void workEmailIsPreferredAndThePersonalOneKept() {
        ObjectNode payload = (ObjectNode) Json.parse("""
                {"lead_id": "L1", "user_column_data": [
                  {"column_id": "EMAIL", "string_value": "marie@gmail.com"},
                  {"column_id": "WORK_EMAIL", "string_value": "marie@photonique.fr"},
                  {"column_id": "FIRST_NAME", "string_value": "Marie"},
                  {"column_id": "FULL_NAME", "string_value": "Marie Dubois"}]}""");

        JsonNode body = GoogleAdsLead.toLead(payload).body();
        assertEquals("marie@photonique.fr", body.get("email").textValue());
        assertEquals("marie@gmail.com", attribute(body, "EMAIL"));
        assertEquals("Marie", body.get("firstName").textValue());
        assertNull(body.get("lastName"));
    }

    @Test
    void theKeyIsCheckedAgainstTheConfiguredOne() {
        assertTrue(GoogleAdsLead.keyMatches(webhook, "test-google-ads-key"));
        assertFalse(GoogleAdsLead.keyMatches(webhook, "another-key"));
        assertFalse(GoogleAdsLead.keyMatches(webhook, null));
        assertFalse(GoogleAdsLead.keyMatches(webhook, ""));
        webhook.remove("google_key");
        assertFalse(GoogleAdsLead.keyMatches(webhook, "test-google-ads-key"));
        webhook.put("google_key", 12345);
        assertFalse(GoogleAdsLead.keyMatches(webhook, "12345"));
    }

    @Test
    void malformedPayloadsNameWhatIsWrong() {
        assertEquals(List.of("lead_id", "user_column_data"), errorFields(() -> GoogleAdsLead.toLead(Json.parse("{}"))));
        webhook.put("user_column_data", "EMAIL=a@b.com");
        webhook.put("is_test", "maybe");
        webhook.set("campaign_id", Json.parse("1.5"));
        assertEquals(List.of("campaign_id", "is_test", "user_column_data"), errorFields(() -> GoogleAdsLead.toLead(webhook)));
    }

    @Test
    void aColumnWithoutIdOrAValueOfTheWrongTypeIsNamed() {
        JsonNode payload = Json.parse("""
                {"lead_id": "L1", "user_column_data": [
                  {"string_value": "a@b.com"}, {"column_id": "EMAIL", "string_value": ["a@b.com"]}]}""");

        assertEquals(List.of("user_column_data[0].column_id", "user_column_data[1].string_value"),
                errorFields(() -> GoogleAdsLead.toLead(payload)));
    }
}
