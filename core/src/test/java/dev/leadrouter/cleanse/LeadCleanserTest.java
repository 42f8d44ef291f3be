package dev.leadrouter.cleanse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadCleanserTest {
    private final LeadCleanser cleanser = new LeadCleanser();

    private Lead cleanse(String json) {
        ObjectNode body = (ObjectNode) Json.parse(json);
        assertEquals(List.of(), new LeadValidator().validate(body, false), "test bodies are valid");
        return cleanser.cleanse(body, Source.WEB_FORM);
    }

    @Test
    void cleansesTheContractExample() {
        Lead lead = cleanse(LeadBodies.CONTRACT_EXAMPLE);
        assertEquals("jane.doe@acme.com", lead.email);
        assertEquals("acme.com", lead.emailDomain);
        assertEquals(false, lead.freeMail);
        assertEquals("+49301234567", lead.phone);
        assertEquals("Jane", lead.firstName);
        assertEquals("Doe", lead.lastName);
        assertEquals("Acme GmbH", lead.company);
        assertEquals("VP Sales", lead.title);
        assertEquals("DE", lead.country);
        assertEquals("BE", lead.region);
        assertEquals("Berlin", lead.city);
        assertEquals(1200L, lead.employees);
        assertEquals(5.0e7, lead.annualRevenue);
        assertEquals("Software", lead.industry);
        assertEquals("analytics", lead.product);
        assertEquals("de", lead.language);
        assertEquals(Source.WEB_FORM, lead.source);
        assertEquals(Map.of("utmSource", "google", "utmMedium", "cpc", "utmCampaign", "q4"), lead.campaign);
        assertEquals("Need a demo", lead.message);
        assertEquals("optional-id-in-source-system", lead.externalId);
        assertEquals(Map.of("any", "string"), lead.attributes);
        assertNull(lead.leadId);
        assertNull(lead.status);
        assertNull(lead.receivedAt);
    }

    @Test
    void tidiesWhatPeopleType() {
        Lead lead = cleanse("""
                {"email": "  Jane.Doe@ACME.com ", "phone": "030 123 45 67", "country": " germany ",
                 "firstName": "  Jane\\t Marie  ", "lastName": "\\u00a0Doe\\u00a0 Smith\\u00a0", "company": "  Acme \\n GmbH ",
                 "title": "", "city": "   ", "region": "\\u00a0", "language": "DE-de", "source": "crm-import", "message": "  Hi\\n\\nthere  ",
                 "employees": 1200.0, "annualRevenue": 1e6,
                 "campaign": {"utmSource": " google ", "utmTerm": "", "utmContent": null},
                 "attributes": {"seats": 12, "ratio": 0.250, "trial": true, "big": 1e21, "plan": " pro ", "gone": null}}""");
        assertEquals("jane.doe@acme.com", lead.email);
        assertEquals("acme.com", lead.emailDomain);
        assertEquals("+49301234567", lead.phone);
        assertEquals("DE", lead.country);
        assertEquals("Jane Marie", lead.firstName);
        assertEquals("Doe Smith", lead.lastName);
        assertEquals("Acme GmbH", lead.company);
        assertNull(lead.title);
        assertNull(lead.city);
        assertNull(lead.region);
        assertEquals("de-de", lead.language);
        assertEquals(Source.CRM_IMPORT, lead.source);
        assertEquals("Hi\n\nthere", lead.message);
        assertEquals(1200L, lead.employees);
        assertEquals(1e6, lead.annualRevenue);
        assertEquals(Map.of("utmSource", "google"), lead.campaign);
        assertEquals(Map.of("seats", "12", "ratio", "0.25", "trial", "true", "big", "1000000000000000000000",
                "plan", " pro "), lead.attributes);
    }

    @Test
    void usesTheDefaultSourceWhenNoneIsGiven() {
        ObjectNode body = (ObjectNode) Json.parse("{\"email\": \"a@b.co\"}");
        assertEquals(Source.CRM_IMPORT, cleanser.cleanse(body, Source.CRM_IMPORT).source);
        body.put("source", "EVENT");
        assertEquals(Source.EVENT, cleanser.cleanse(body, Source.CRM_IMPORT).source);
    }

    @Test
    void flagsFreeMail() {
        Lead lead = cleanse("{\"email\": \"Jane@GMail.com\"}");
        assertEquals("gmail.com", lead.emailDomain);
        assertTrue(lead.freeMail);
    }

    @Test
    void leavesWhatIsMissingEmpty() {
        Lead lead = cleanse("{\"phone\": \"+1 555 010 0199\"}");
        assertNull(lead.email);
        assertNull(lead.emailDomain);
        assertNull(lead.freeMail);
        assertEquals("+15550100199", lead.phone);
        assertNull(lead.country);
        assertNull(lead.campaign);
        assertEquals(Map.of(), lead.attributes);
        assertNull(lead.employees);
    }

    @Test
    void readsNationalPhonesInTheLeadsCountry() {
        assertEquals("+442079460958", cleanse("{\"phone\": \"020 7946 0958\", \"country\": \"UK\"}").phone);
        assertEquals("+15550100199", cleanse("{\"phone\": \"(555) 010-0199\", \"country\": \"USA\"}").phone);
    }

    @Test
    void dedupeKeyPrefersTheEmail() {
        assertEquals("EMAIL#jane.doe@acme.com", DedupeKey.of(cleanse(LeadBodies.CONTRACT_EXAMPLE)).orElseThrow());
        assertEquals("PHONE#+49301234567",
                DedupeKey.of(cleanse("{\"phone\": \"030 1234567\", \"country\": \"DE\"}")).orElseThrow());
        assertEquals("EMAIL#a@b.co", DedupeKey.of(cleanse("{\"email\": \" A@B.CO\"}")).orElseThrow());
        assertFalse(DedupeKey.of(new Lead()).isPresent());
    }
}
