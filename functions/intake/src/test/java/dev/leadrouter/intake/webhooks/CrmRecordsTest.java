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

/** The CRM import formats salesforce and hubspot. */
class CrmRecordsTest {
    private final ObjectNode salesforce = Payloads.json("salesforce-lead.json");
    private final ObjectNode hubspot = Payloads.json("hubspot-contact.json");

    @Test
    void aSalesforceLeadMapsOntoTheLead() {
        JsonNode body = SalesforceLead.toLead(salesforce).body();

        assertEquals("00Q5e00000AbCdEEAV", body.get("externalId").textValue());
        assertEquals("sofia.rossi@marmodigitale.it", body.get("email").textValue());
        assertEquals("Sofia", body.get("firstName").textValue());
        assertEquals("Rossi", body.get("lastName").textValue());
        assertEquals("Marmo Digitale S.p.A.", body.get("company").textValue());
        assertEquals("Chief Revenue Officer", body.get("title").textValue());
        assertEquals("IT", body.get("country").textValue());
        assertEquals("Lombardia", body.get("region").textValue());
        assertEquals("Milano", body.get("city").textValue());
        assertEquals(640, body.get("employees").intValue());
        assertEquals(85_000_000, body.get("annualRevenue").doubleValue());
        assertEquals("Technology", body.get("industry").textValue());
        assertEquals("Met at the Milan roadshow; evaluating lead routing for 40 reps.", body.get("message").textValue());
        assertTrue(new LeadValidator().validate(body, true).isEmpty());
        assertEquals("+390212345678", new LeadCleanser().cleanse(body, Source.CRM_IMPORT).phone);
    }

    @Test
    void aKnownLeadSourceBecomesTheSourceAndIsKept() {
        JsonNode body = SalesforceLead.toLead(salesforce).body();

        assertEquals("PARTNER", body.get("source").textValue());
        assertEquals("Partner Referral", attribute(body, "leadSource"));
    }

    @Test
    void anUnknownLeadSourceIsACrmImport() {
        salesforce.put("LeadSource", "Golf Day");
        JsonNode body = SalesforceLead.toLead(salesforce).body();
        assertEquals("CRM_IMPORT", body.get("source").textValue());
        assertEquals("Golf Day", attribute(body, "leadSource"));

        salesforce.put("LeadSource", "web");
        assertEquals("WEB_FORM", SalesforceLead.toLead(salesforce).body().get("source").textValue());
        salesforce.remove("LeadSource");
        assertEquals("CRM_IMPORT", SalesforceLead.toLead(salesforce).body().get("source").textValue());
    }

    @Test
    void salesforceFieldsWithoutALeadFieldAreKeptExceptMetadataAndAuditFields() {
        JsonNode attributes = SalesforceLead.toLead(salesforce).body().get("attributes");

        assertEquals("Nexa Consulting", attributes.get("Partner_Name__c").textValue());
        assertEquals("Italy", attributes.get("Country").textValue());
        assertEquals("20123", attributes.get("PostalCode").textValue());
        assertEquals("false", attributes.get("HasOptedOutOfEmail").textValue());
        for (String skipped : List.of("attributes", "Address", "Id", "SystemModstamp", "IsDeleted", "MobilePhone", "StateCode")) {
            assertFalse(attributes.has(skipped), skipped);
        }
    }

    @Test
    void malformedSalesforceRecordsNameWhatIsWrong() {
        assertEquals(List.of("Id"), errorFields(() -> SalesforceLead.toLead(Json.parse("{\"Email\": \"a@b.com\"}"))));
        salesforce.set("Email", Json.parse("{\"value\": \"a@b.com\"}"));
        assertEquals(List.of("Email"), errorFields(() -> SalesforceLead.toLead(salesforce)));
        assertEquals(List.of("body"), errorFields(() -> SalesforceLead.toLead(Json.parse("\"00Q\""))));
    }

    @Test
    void aHubSpotContactMapsOntoTheLeadWithNumbersReadFromText() {
        JsonNode body = HubSpotContact.toLead(hubspot).body();

        assertEquals("CRM_IMPORT", body.get("source").textValue());
        assertEquals("51", body.get("externalId").textValue());
        assertEquals("olivia.smith@brightledger.co.uk", body.get("email").textValue());
        assertEquals("Olivia", body.get("firstName").textValue());
        assertEquals("Smith", body.get("lastName").textValue());
        assertEquals("BrightLedger Ltd", body.get("company").textValue());
        assertEquals("Finance Director", body.get("title").textValue());
        assertEquals("England", body.get("region").textValue());
        assertEquals(250, body.get("employees").intValue());
        assertTrue(body.get("employees").isIntegralNumber());
        assertEquals(42_000_000, body.get("annualRevenue").doubleValue());
        assertTrue(new LeadValidator().validate(body, true).isEmpty());
        Lead lead = new LeadCleanser().cleanse(body, Source.CRM_IMPORT);
        assertEquals("GB", lead.country);
        assertEquals("+442079460958", lead.phone);
    }

    @Test
    void otherHubSpotPropertiesAreKeptInAttributes() {
        JsonNode body = HubSpotContact.toLead(hubspot).body();

        assertEquals("NEW", attribute(body, "hs_lead_status"));
        assertEquals("lead", attribute(body, "lifecyclestage"));
        assertEquals("ORGANIC_SEARCH", attribute(body, "hs_analytics_source"));
        assertNull(attribute(body, "hs_object_id"));
        assertNull(attribute(body, "website"));
    }

    @Test
    void aHubSpotNumberThatIsNoneIsKeptAsAnAttribute() {
        ((ObjectNode) hubspot.get("properties")).put("annualrevenue", "about 40 million");

        JsonNode body = HubSpotContact.toLead(hubspot).body();
        assertNull(body.get("annualRevenue"));
        assertEquals("about 40 million", attribute(body, "annualrevenue"));
    }

    @Test
    void malformedHubSpotContactsNameWhatIsWrong() {
        assertEquals(List.of("id", "properties"), errorFields(() -> HubSpotContact.toLead(Json.parse("{\"email\": \"a@b.com\"}"))));
        assertEquals(List.of("properties"),
                errorFields(() -> HubSpotContact.toLead(Json.parse("{\"id\": 51, \"properties\": [\"email\"]}"))));
        assertEquals(List.of("properties.email"),
                errorFields(() -> HubSpotContact.toLead(Json.parse("{\"id\": 51, \"properties\": {\"email\": [\"a@b.com\"]}}"))));
    }
}
