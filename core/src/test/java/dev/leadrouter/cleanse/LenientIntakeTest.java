package dev.leadrouter.cleanse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A lead with a usable email or phone is never lost to a field that is only wrong. */
class LenientIntakeTest {
    private final LeadValidator validator = new LeadValidator();
    private final LeadCleanser cleanser = new LeadCleanser();

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    private Lead accept(String json) {
        JsonNode body = Json.parse(json);
        LeadValidator.Result result = validator.check(body, false);
        assertEquals(List.of(), result.errors(), json);
        Lead lead = cleanser.cleanse(body, Source.WEB_FORM);
        lead.warnings = result.warnings();
        return lead;
    }

    @Test
    void aBadPhoneOrCountryNextToAGoodEmailIsAWarningAndKeepsTheRawValue() {
        Lead lead = accept("{\"email\": \"jane@acme.com\", \"phone\": \"call me\", \"country\": \"Allemagne\"}");
        assertEquals(List.of("country", "phone"), fields(lead.warnings).stream().sorted().toList());
        assertEquals("call me", lead.phone);
        assertEquals("Allemagne", lead.country);
        assertEquals("jane@acme.com", lead.email);
        assertTrue(lead.field("warnings").toString().matches("(country,phone|phone,country)"), lead.field("warnings").toString());
        assertEquals(List.of("EMAIL#jane@acme.com"), DedupeKey.all(lead));
    }

    @Test
    void aBadEmailNextToAGoodPhoneIsAWarning() {
        Lead lead = accept("{\"email\": \"jane at acme\", \"phone\": \"+49 30 1234567\"}");
        assertEquals(List.of("email"), fields(lead.warnings));
        assertEquals("jane at acme", lead.email);
        assertNull(lead.emailDomain);
        assertEquals(List.of("PHONE#+49301234567"), DedupeKey.all(lead));
    }

    @Test
    void withoutAUsableContactBothAreErrors() {
        LeadValidator.Result result = validator.check(Json.parse("{\"email\": \"x\", \"phone\": \"12\"}"), false);
        assertEquals(List.of("email", "phone"), fields(result.errors()).stream().sorted().toList());
        assertEquals(List.of("email"), fields(validator.check(Json.parse("{\"company\": \"Acme\"}"), false).errors()));
        assertEquals(List.of("externalId"),
                fields(validator.check(Json.parse("{\"email\": \"a@b.co\"}"), true).errors()));
        assertEquals(List.of("country", "externalId"), fields(validator.check(
                Json.parse("{\"email\": \"a@b.co\", \"country\": \"Atlantis\"}"), true).errors()).stream().sorted().toList(),
                "a refused lead learns everything that is wrong");
    }

    @Test
    void typedFieldsThatCannotBeReadAreKeptAsTextInAttributes() {
        Lead lead = accept("""
                {"email": "a@b.co", "employees": "lots", "annualRevenue": -5, "source": "billboard",
                 "campaign": "google", "attributes": {"plan": {"tier": "pro"}}, "company": 42}""");
        assertEquals(List.of("employees", "annualRevenue", "source", "campaign", "attributes.plan", "company"),
                fields(lead.warnings).stream().sorted(this::byOrder).toList());
        assertEquals("lots", lead.attributes.get("employees"));
        assertEquals("-5", lead.attributes.get("annualRevenue"));
        assertEquals("billboard", lead.attributes.get("source"));
        assertEquals(Source.WEB_FORM, lead.source);
        assertEquals("google", lead.attributes.get("campaign"));
        assertEquals("{\"tier\":\"pro\"}", lead.attributes.get("plan"));
        assertEquals("42", lead.company);
        assertTrue(lead.warnings.stream().allMatch(w -> w.message().contains("kept")), lead.warnings.toString());
    }

    private int byOrder(String a, String b) {
        List<String> order = List.of("employees", "annualRevenue", "source", "campaign", "attributes.plan", "company");
        return Integer.compare(order.indexOf(a), order.indexOf(b));
    }

    @Test
    void unknownTopLevelFieldsGoToAttributesWithoutWarnings() {
        Lead lead = accept("{\"email\": \"a@b.co\", \"budget\": 50000, \"leadId\": \"mine\", \"attributes\": {\"x\": \"1\"}}");
        assertEquals(List.of(), lead.warnings);
        assertEquals("50000", lead.attributes.get("budget"));
        assertEquals("mine", lead.attributes.get("leadId"));
        assertEquals("1", lead.attributes.get("x"));
        assertNull(lead.leadId);
    }

    @Test
    void tooLongTextsAreCutAndSaySo() {
        Lead lead = accept("{\"email\": \"a@b.co\", \"company\": \"" + "x".repeat(300) + "\"}");
        assertEquals(200, lead.company.length());
        assertTrue(lead.warnings.get(0).message().endsWith("cut to that length"), lead.warnings.toString());
    }

    @Test
    void bothEmailAndPhoneAreDedupeKeys() {
        Lead lead = accept("{\"email\": \"a@b.co\", \"phone\": \"+1 415 555 0100\"}");
        assertEquals(List.of("EMAIL#a@b.co", "PHONE#+14155550100"), DedupeKey.all(lead));
    }
}
