package dev.leadrouter.cleanse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadValidatorTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final LeadValidator validator = new LeadValidator();

    private List<FieldError> validate(JsonNode body) {
        return validator.validate(body, false);
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    private static ObjectNode body(String json) {
        return (ObjectNode) Json.parse(json);
    }

    @Test
    void acceptsTheContractExample() {
        assertEquals(List.of(), validate(LeadBodies.contractExample()));
        assertEquals(List.of(), validator.validate(LeadBodies.contractExample(), true));
    }

    @Test
    void acceptsAnEmailOrAPhoneAlone() {
        assertEquals(List.of(), validate(body("{\"email\": \"a@b.co\"}")));
        assertEquals(List.of(), validate(body("{\"phone\": \"+1 555 010 0199\"}")));
        assertEquals(List.of(), validate(body("{\"phone\": \"030 1234567\", \"country\": \"Germany\"}")));
    }

    @Test
    void ignoresUnknownFieldsAndNulls() {
        assertEquals(List.of(), validate(body("""
                {"email": "a@b.co", "favouriteColour": [1, {"x": 2}], "phone": null, "firstName": null,
                 "employees": null, "campaign": null, "attributes": null}""")));
    }

    @ParameterizedTest
    @MethodSource("notObjects")
    void rejectsABodyThatIsNotAnObject(JsonNode body) {
        assertEquals(List.of(new FieldError("body", "the body must be a JSON object")), validate(body));
    }

    static Stream<JsonNode> notObjects() {
        return Stream.of(null, NODES.nullNode(), NODES.missingNode(), NODES.textNode("{}"), NODES.numberNode(1),
                NODES.arrayNode().add(NODES.objectNode()), NODES.booleanNode(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"email\": \"\", \"phone\": \"  \"}", "{\"email\": null, \"firstName\": \"Jane\"}"})
    void requiresAnEmailOrAPhone(String json) {
        assertEquals(List.of(new FieldError("email", "email or phone is required")), validate(body(json)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@acme.com", "JANE@ACME.COM", " jane@acme.com ", "j+tag@mail.acme.co.uk",
            "o'brien@acme.ie", "a_b-c@x-y.io", "jörg@müller.de", "x@xn--mller-kva.de"})
    void acceptsEmailAddresses(String email) {
        assertEquals(List.of(), validate(NODES.objectNode().put("email", email)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane", "jane@", "@acme.com", "jane@acme", "jane@@acme.com", "ja ne@acme.com",
            "jane@acme..com", "jane.@acme.com", ".jane@acme.com", "jane..doe@acme.com", "jane@-acme.com",
            "jane@acme-.com", "jane@acme.c", "jane@acme.123", "jane@acme.com.", "a@b@c.com", "jane@acme_corp.com"})
    void rejectsMalformedEmails(String email) {
        assertEquals(List.of(new FieldError("email", "email is not a valid email address")),
                validate(NODES.objectNode().put("email", email)));
    }

    @Test
    void limitsEmailLength() {
        String local = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".com";
        assertEquals(List.of(), validate(NODES.objectNode().put("email", local + "@" + domain)));
        assertEquals(List.of("email"), fields(validate(NODES.objectNode().put("email", local + "@x" + domain))));
        assertEquals(List.of("email"), fields(validate(NODES.objectNode().put("email", "a" + local + "@acme.com"))));
    }

    @Test
    void rejectsPhonesWithTooFewDigits() {
        assertEquals(List.of(new FieldError("phone", "phone must contain at least 5 digits")),
                validate(body("{\"phone\": \"+49 30\"}")));
    }

    @Test
    void rejectsNationalPhonesWithoutACountry() {
        List<FieldError> errors = validate(body("{\"phone\": \"030 1234567\"}"));
        assertEquals(List.of("phone"), fields(errors));
        assertTrue(errors.get(0).message().contains("country code"), errors.get(0).message());
    }

    @Test
    void rejectsPhonesThatAreNotPossibleNumbers() {
        assertEquals(List.of(new FieldError("phone", "phone is not a valid phone number for country US")),
                validate(body("{\"phone\": \"123 4567 8901 2345 678\", \"country\": \"US\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE", "de", "DEU", "Germany", "Deutschland"})
    void acceptsCountries(String country) {
        assertEquals(List.of(), validate(NODES.objectNode().put("email", "a@b.co").put("country", country)));
    }

    @Test
    void rejectsUnknownCountries() {
        assertEquals(List.of(new FieldError("country",
                        "country 'Atlantis' is not a known country: use an ISO 3166 code such as DE or an English name")),
                validate(body("{\"email\": \"a@b.co\", \"country\": \"Atlantis\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"WEB_FORM", "web_form", "Crm_Import", "web-form", "partner", "OTHER"})
    void acceptsSourcesIgnoringCase(String source) {
        assertEquals(List.of(), validate(NODES.objectNode().put("email", "a@b.co").put("source", source)));
    }

    @Test
    void rejectsUnknownSources() {
        assertEquals(List.of(new FieldError("source", "source must be one of WEB_FORM, CHAT, PHONE, EMAIL, SOCIAL, "
                        + "EVENT, REFERRAL, PARTNER, CRM_IMPORT, OTHER")),
                validate(body("{\"email\": \"a@b.co\", \"source\": \"FAX\"}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"firstName;42", "lastName;true", "company;{}", "title;[]", "city;1.5",
            "region;false", "industry;[\"x\"]", "product;0", "message;{\"a\":1}", "externalId;123", "language;1",
            "email;1", "phone;4930123456", "country;49", "source;1"})
    void requiresStrings(String field, String json) {
        ObjectNode body = NODES.objectNode().put("email", "a@b.co");
        body.set(field, Json.parse(json));
        assertEquals(List.of(new FieldError(field, field + " must be a string")), validate(body));
    }

    @ParameterizedTest
    @CsvSource({"firstName,200", "lastName,200", "company,200", "title,200", "city,200", "region,200",
            "industry,200", "product,200", "message,5000", "externalId,200", "language,35"})
    void limitsStringLengths(String field, int max) {
        ObjectNode body = NODES.objectNode().put("email", "a@b.co").put(field, "  " + "é".repeat(max) + "  ");
        assertEquals(List.of(), validate(body));
        body.put(field, "é".repeat(max + 1));
        assertEquals(List.of(new FieldError(field, field + " must be at most " + max + " characters")), validate(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1200", "1200.0", "10000000", "1e3"})
    void acceptsEmployeeCounts(String json) {
        assertEquals(List.of(), validate(body("{\"email\": \"a@b.co\", \"employees\": " + json + "}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "10000001", "1.5", "\"1200\"", "true", "[1]", "1e400", "99999999999999999999999"})
    void rejectsOtherEmployeeCounts(String json) {
        assertEquals(List.of(new FieldError("employees", "employees must be a whole number from 0 to 10000000")),
                validate(body("{\"email\": \"a@b.co\", \"employees\": " + json + "}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.5", "50000000", "1e13", "10000000000000"})
    void acceptsAnnualRevenues(String json) {
        assertEquals(List.of(), validate(body("{\"email\": \"a@b.co\", \"annualRevenue\": " + json + "}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "10000000000000.5", "1e14", "\"50000000\"", "{}", "1e400"})
    void rejectsOtherAnnualRevenues(String json) {
        assertEquals(List.of(new FieldError("annualRevenue", "annualRevenue must be a number from 0 to 10000000000000")),
                validate(body("{\"email\": \"a@b.co\", \"annualRevenue\": " + json + "}")));
    }

    @ParameterizedTest
    @MethodSource("nonFiniteNumbers")
    void rejectsNonFiniteNumbers(JsonNode number) {
        ObjectNode body = NODES.objectNode().put("email", "a@b.co");
        body.set("employees", number);
        body.set("annualRevenue", number);
        body.set("attributes", NODES.objectNode().set("x", number));
        assertEquals(List.of("employees", "annualRevenue", "attributes.x"), fields(validate(body)));
    }

    static Stream<JsonNode> nonFiniteNumbers() {
        return Stream.of(NODES.numberNode(Double.NaN), NODES.numberNode(Double.POSITIVE_INFINITY),
                NODES.numberNode(Float.NEGATIVE_INFINITY));
    }

    @Test
    void acceptsHugeNumbersOnlyWhereAllowed() {
        ObjectNode body = NODES.objectNode().put("email", "a@b.co");
        body.set("employees", NODES.numberNode(new BigInteger("9".repeat(400))));
        body.set("annualRevenue", NODES.numberNode(new BigDecimal("1e999999999")));
        body.set("attributes", NODES.objectNode().set("big", NODES.numberNode(new BigDecimal("1e999999999"))));
        assertEquals(List.of("employees", "annualRevenue"), fields(validate(body)));
    }

    @Test
    void acceptsCampaignsOfStrings() {
        assertEquals(List.of(), validate(body("""
                {"email": "a@b.co", "campaign": {"utmSource": "google", "utmMedium": "cpc", "utmCampaign": "q4",
                 "utmTerm": "lead routing", "utmContent": "ad-1", "gclid": "abc", "utmId": null}}""")));
    }

    @Test
    void checksCampaigns() {
        assertEquals(List.of(new FieldError("campaign", "campaign must be an object of strings, e.g. {\"utmSource\": \"google\"}")),
                validate(body("{\"email\": \"a@b.co\", \"campaign\": \"google\"}")));
        assertEquals(List.of(new FieldError("campaign.utmTerm", "campaign.utmTerm must be a string"),
                        new FieldError("campaign.utmSource", "campaign.utmSource must be at most 200 characters")),
                validate(body("{\"email\": \"a@b.co\", \"campaign\": {\"utmTerm\": 5, \"utmSource\": \"" + "x".repeat(201) + "\"}}")));
    }

    /** The body limit bounds how many there are; none is dropped. */
    @Test
    void allowsAnyNumberOfCampaignKeysAndAttributes() {
        ObjectNode body = NODES.objectNode().put("email", "a@b.co");
        ObjectNode campaign = body.putObject("campaign");
        ObjectNode attributes = body.putObject("attributes");
        for (int i = 0; i < 200; i++) {
            campaign.put("key" + i, "value");
            attributes.put("key" + i, i);
        }
        assertEquals(List.of(), validate(body));
    }

    @Test
    void checksAttributes() {
        assertEquals(List.of(), validate(body("""
                {"email": "a@b.co", "attributes": {"plan": "pro", "seats": 12, "ratio": 0.25, "trial": true, "gone": null}}""")));
        assertEquals(List.of(new FieldError("attributes", "attributes must be an object, e.g. {\"plan\": \"pro\"}")),
                validate(body("{\"email\": \"a@b.co\", \"attributes\": [\"pro\"]}")));
        assertEquals(List.of(
                        new FieldError("attributes.list", "attributes.list must be a string, number or boolean"),
                        new FieldError("attributes.nested", "attributes.nested must be a string, number or boolean"),
                        new FieldError("attributes.long", "attributes.long must be at most 1000 characters"),
                        new FieldError("attributes", "attributes keys must be 1 to 100 characters"),
                        new FieldError("attributes", "attributes keys must be 1 to 100 characters")),
                validate(body("{\"email\": \"a@b.co\", \"attributes\": {\"list\": [1], \"nested\": {\"a\": \"b\"}, \"long\": \""
                        + "x".repeat(1001) + "\", \"fine\": \"" + "x".repeat(1000) + "\", \"" + "k".repeat(101)
                        + "\": \"v\", \"\": \"v\", \"" + "k".repeat(100) + "\": \"v\"}}")));
    }

    @Test
    void requiresExternalIdOnlyWhenAsked() {
        ObjectNode body = body("{\"email\": \"a@b.co\"}");
        assertEquals(List.of(), validator.validate(body, false));
        assertEquals(List.of(new FieldError("externalId", "externalId is required")), validator.validate(body, true));
        body.put("externalId", " ");
        assertEquals(List.of(new FieldError("externalId", "externalId is required")), validator.validate(body, true));
        body.put("externalId", "00Q5e00000abc");
        assertEquals(List.of(), validator.validate(body, true));
    }

    @Test
    void reportsEveryErrorAtOnce() {
        List<FieldError> errors = validator.validate(body("""
                {"email": "not-an-email", "phone": "12", "firstName": 7, "country": "Narnia", "source": "FAX",
                 "employees": -5, "annualRevenue": "lots", "language": "%s", "campaign": [],
                 "attributes": {"a": {}}}""".formatted("x".repeat(36))), true);
        assertEquals(List.of("firstName", "language", "email", "country", "phone", "source", "employees",
                "annualRevenue", "campaign", "attributes.a", "externalId"), fields(errors));
    }

    static Stream<Arguments> countryHints() {
        return Stream.of(Arguments.of("DE", List.of()), Arguments.of("Atlantis", List.of("country", "phone")));
    }

    @ParameterizedTest
    @MethodSource("countryHints")
    void usesTheCountryAsTheHintForNationalPhones(String country, List<String> expectedFields) {
        assertEquals(expectedFields,
                fields(validate(NODES.objectNode().put("phone", "030 1234567").put("country", country))));
    }
}
