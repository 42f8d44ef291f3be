package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Through the local stack's HTTP API: a lead with a usable email or phone is never lost to a field that is
 * only wrong, unknown fields are kept, the body is strict JSON, a reused Idempotency-Key with another body
 * is refused, and a phone alone finds the lead that also has an email.
 */
@Tag("end-to-end")
@ExtendWith(StackExtension.class)
class LenientIntakeEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final ApiClient api;

    LenientIntakeEndToEndTest(ApiClient api) {
        this.api = api;
    }

    private static List<String> fields(JsonNode warnings) {
        List<String> fields = new ArrayList<>();
        warnings.forEach(warning -> fields.add(warning.path("field").asText()));
        return fields.stream().sorted().toList();
    }

    @Test
    void aWrongPhoneAndCountryAreWarningsAndTheLeadIsKeptWithTheRawValues() {
        ObjectNode body = TestLeads.warmLead(TestLeads.uniqueEmail("lenient", "acme-lenient.example"));
        body.put("phone", "call me maybe").put("country", "Allemagne").put("budget", 50000);
        body.putObject("utm").put("source", "fair");
        HttpResponse<String> answer = api.post("/leads", body.toString());
        assertEquals(202, answer.statusCode(), answer.body());
        JsonNode accepted = Json.parse(answer.body());
        assertEquals(List.of("country", "phone"), fields(accepted.path("warnings")));
        accepted.path("warnings").forEach(w -> assertTrue(w.path("message").asText().length() > 10, w.toString()));

        JsonNode lead = api.awaitStatus(TestLeads.leadId(answer), "ASSIGNED", TIMEOUT);
        assertEquals("call me maybe", lead.path("phone").asText());
        assertEquals("Allemagne", lead.path("country").asText());
        assertEquals(List.of("country", "phone"), fields(lead.path("warnings")));
        assertEquals("50000", lead.path("attributes").path("budget").asText(), lead.toString());
        assertEquals("{\"source\":\"fair\"}", lead.path("attributes").path("utm").asText());
    }

    @Test
    void aWrongEmailNextToAUsablePhoneIsAWarning() {
        String phone = TestLeads.uniqueBerlinPhone();
        HttpResponse<String> answer = api.post("/leads", "{\"email\": \"not an address\", \"phone\": \"" + phone + "\"}");
        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals(List.of("email"), fields(Json.parse(answer.body()).path("warnings")));
    }

    @Test
    void withoutAUsableEmailOrPhoneTheLeadIsStillRejected() {
        HttpResponse<String> answer = api.post("/leads", "{\"email\": \"nope\", \"phone\": \"12\", \"company\": \"X\"}");
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals(List.of("email", "phone"), fields(Json.parse(answer.body()).path("errors")));
    }

    @Test
    void theBodyMustBeExactlyOneJsonObjectWithoutRepeatedKeys() {
        String email = TestLeads.uniqueEmail("strict", "acme-strict.example");
        for (String body : List.of("{\"email\": \"" + email + "\"} xyz", "{\"email\": \"" + email + "\"} {}",
                "{\"email\": \"" + email + "\", \"email\": \"other@acme-strict.example\"}")) {
            HttpResponse<String> answer = api.post("/leads", body);
            assertEquals(400, answer.statusCode(), body + " -> " + answer.body());
            assertEquals("body", Json.parse(answer.body()).path("errors").path(0).path("field").asText(), answer.body());
        }
        HttpResponse<String> list = api.post("/leads", "{\"email\": \"" + email + "\"}");
        assertEquals(202, list.statusCode(), "nothing was stored for " + email + ": " + list.body());
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIsRefusedAndStoresNothing() {
        String key = "idem-" + UUID.randomUUID();
        String first = TestLeads.warmLead(TestLeads.uniqueEmail("first", "acme-idem.example")).toString();
        String secondEmail = TestLeads.uniqueEmail("second", "acme-idem.example");
        String second = TestLeads.warmLead(secondEmail).toString();

        HttpResponse<String> created = api.post("/leads", first, "Idempotency-Key", key);
        assertEquals(202, created.statusCode(), created.body());
        HttpResponse<String> retried = api.post("/leads", Json.parse(first).toPrettyString(), "Idempotency-Key", key);
        assertEquals(202, retried.statusCode(), "the same JSON, spaced differently, is the same request");
        assertEquals(TestLeads.leadId(created), TestLeads.leadId(retried));

        HttpResponse<String> reused = api.post("/leads", second, "Idempotency-Key", key);
        assertEquals(422, reused.statusCode(), reused.body());
        assertEquals("Idempotency-Key", Json.parse(reused.body()).path("errors").path(0).path("field").asText());
        HttpResponse<String> afterwards = api.post("/leads", second);
        assertEquals(202, afterwards.statusCode(), "the second lead was not stored, so it is no duplicate: "
                + afterwards.body());
    }

    @Test
    void aPhoneAloneFindsTheLeadThatAlsoHasAnEmail() {
        String phone = TestLeads.uniqueBerlinPhone();
        ObjectNode withEmail = TestLeads.warmLead(TestLeads.uniqueEmail("dedupe", "acme-dedupe.example"));
        withEmail.put("phone", phone);
        HttpResponse<String> first = api.post("/leads", withEmail.toString());
        assertEquals(202, first.statusCode(), first.body());

        HttpResponse<String> phoneOnly = api.post("/leads", "{\"phone\": \"" + phone + "\", \"message\": \"call back\"}");
        assertEquals(200, phoneOnly.statusCode(), phoneOnly.body());
        JsonNode duplicate = Json.parse(phoneOnly.body());
        assertTrue(duplicate.path("duplicate").asBoolean(), phoneOnly.body());
        assertEquals(TestLeads.leadId(first), duplicate.path("leadId").asText());
    }
}
