package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.cleanse.LeadCleanser;
import dev.leadrouter.cleanse.LeadValidator;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.leadrouter.intake.webhooks.Payloads.attribute;
import static dev.leadrouter.intake.webhooks.Payloads.errorFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubSpotFormTest {
    private final ObjectNode submission = Payloads.json("hubspot-form.json");

    @Test
    void standardFieldsMapOntoTheLead() {
        JsonNode body = HubSpotForm.toLead(submission, "key").body();

        assertEquals("WEB_FORM", body.get("source").textValue());
        assertEquals("Jane", body.get("firstName").textValue());
        assertEquals("Doe", body.get("lastName").textValue());
        assertEquals("Acme Analytics GmbH", body.get("company").textValue());
        assertEquals("VP Sales", body.get("title").textValue());
        assertEquals("Computer Software", body.get("industry").textValue());
        assertEquals("We would like a demo for our EMEA team.", body.get("message").textValue());
        assertTrue(new LeadValidator().validate(body, false).isEmpty());

        Lead lead = new LeadCleanser().cleanse(body, Source.OTHER);
        assertEquals("jane.doe@acme-analytics.de", lead.email);
        assertEquals("DE", lead.country);
        assertEquals("+49301234567", lead.phone);
        assertEquals(Source.WEB_FORM, lead.source);
    }

    @Test
    void companySizeRangeGivesItsLowerBoundAndKeepsTheAnswer() {
        JsonNode body = HubSpotForm.toLead(submission, "key").body();

        assertEquals(1000, body.get("employees").intValue());
        assertEquals("1000+", attribute(body, "numemployees"));
    }

    @Test
    void otherFieldsAndThePageAreKeptInAttributes() {
        JsonNode body = HubSpotForm.toLead(submission, "key").body();

        assertEquals("analytics;routing", attribute(body, "product_interest"));
        assertEquals("true", attribute(body, "gdpr_marketing_consent"));
        assertEquals("https://www.example.com/demo?utm_source=google&utm_campaign=q4-emea-demo#form",
                attribute(body, "pageUri"));
        assertEquals("Book a demo", attribute(body, "pageName"));
        assertEquals("b9c2e7e6a1f54ad2b2c9a3c3e1f0d4a7", attribute(body, "hutk"));
    }

    @Test
    void utmFieldsWinAndThePageAddressFillsInTheRest() {
        JsonNode campaign = HubSpotForm.toLead(submission, "key").body().get("campaign");

        assertEquals("linkedin", campaign.get("utmSource").textValue());
        assertEquals("paid_social", campaign.get("utmMedium").textValue());
        assertEquals("q4-emea-demo", campaign.get("utmCampaign").textValue());
    }

    @Test
    void idempotencyKeyAndTestFlagAreCarried() {
        MappedLead lead = HubSpotForm.toLead(submission, "hubspot:abc");

        assertEquals("hubspot:abc", lead.idempotencyKey());
        assertFalse(lead.test());
    }

    @Test
    void repeatedFieldsAreJoined() {
        ObjectNode payload = (ObjectNode) Json.parse("""
                {"fields": [{"name": "email", "value": "a@b.com"},
                            {"name": "interest", "value": "analytics"}, {"name": "interest", "value": "routing"}]}""");

        assertEquals("analytics;routing", attribute(HubSpotForm.toLead(payload, "k").body(), "interest"));
    }

    @Test
    void fieldsThatAreNotAnArrayAreNamed() {
        assertEquals(List.of("fields"),
                errorFields(() -> HubSpotForm.toLead(Json.parse("{\"fields\": {\"email\": \"a@b.com\"}}"), "k")));
        assertEquals(List.of("fields"), errorFields(() -> HubSpotForm.toLead(Json.parse("{}"), "k")));
        assertEquals(List.of("body"), errorFields(() -> HubSpotForm.toLead(Json.parse("[]"), "k")));
    }

    @Test
    void everyBadFieldIsNamed() {
        JsonNode payload = Json.parse("""
                {"fields": [{"value": "a@b.com"}, {"name": "email", "value": {"nested": true}}, "email"],
                 "context": "https://www.example.com"}""");

        assertEquals(List.of("fields[0].name", "fields[1].value", "fields[2]", "context"),
                errorFields(() -> HubSpotForm.toLead(payload, "k")));
    }

    @Test
    void aPageAddressWithABrokenQueryIsKeptAsItIs() {
        JsonNode payload = Json.parse("""
                {"fields": [{"name": "email", "value": "a@b.com"}],
                 "context": {"pageUri": "www.example.com/x?utm_source=%zz&utm_medium=email"}}""");

        JsonNode body = HubSpotForm.toLead(payload, "k").body();
        assertEquals("email", body.get("campaign").get("utmMedium").textValue());
        assertNull(body.get("campaign").get("utmSource"));
        assertEquals("www.example.com/x?utm_source=%zz&utm_medium=email", attribute(body, "pageUri"));
    }
}
