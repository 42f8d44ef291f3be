package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.cleanse.LeadValidator;
import dev.leadrouter.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.leadrouter.intake.webhooks.Payloads.attribute;
import static dev.leadrouter.intake.webhooks.Payloads.errorFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaLeadgenTest {
    @Test
    void eachLeadgenChangeBecomesOneImportMessage() {
        List<ObjectNode> messages = MetaLeadgenNotification.importMessages(Payloads.json("meta-leadgen-notification.json"));

        assertEquals(List.of(Json.parse("""
                {"leadgen_id": "1234567890123456", "page_id": "101234567890123", "form_id": "987654321098765",
                 "ad_id": "23851234567890123", "created_time": 1732183928}""")), messages);
    }

    @Test
    void numericIdsBecomeTextAndOtherFieldsAreIgnored() {
        JsonNode notification = Json.parse("""
                {"object": "page", "entry": [
                  {"changes": [{"field": "feed", "value": {"item": "post"}},
                               {"field": "leadgen", "value": {"leadgen_id": 444, "page_id": 555}}]},
                  {"changes": [{"field": "leadgen", "value": {"leadgen_id": "666"}}]}]}""");

        List<ObjectNode> messages = MetaLeadgenNotification.importMessages(notification);
        assertEquals(2, messages.size());
        assertEquals("444", messages.get(0).get("leadgen_id").textValue());
        assertEquals("555", messages.get(0).get("page_id").textValue());
        assertEquals("666", messages.get(1).get("leadgen_id").textValue());
    }

    @Test
    void malformedNotificationsNameWhatIsWrong() {
        assertEquals(List.of("object", "entry"),
                errorFields(() -> MetaLeadgenNotification.importMessages(Json.parse("{\"object\": \"user\"}"))));
        assertEquals(List.of("entry[0].changes", "entry[1].changes[0].value.leadgen_id", "entry[2]"),
                errorFields(() -> MetaLeadgenNotification.importMessages(Json.parse("""
                        {"object": "page", "entry": [{"changes": {}},
                          {"changes": [{"field": "leadgen", "value": {"page_id": "1"}}]}, 7]}"""))));
        assertEquals(List.of("entry[0].changes[0].value.leadgen_id"),
                errorFields(() -> MetaLeadgenNotification.importMessages(Json.parse("""
                        {"object": "page", "entry": [{"changes": [{"field": "leadgen",
                          "value": {"leadgen_id": "../me?fields=x"}}]}]}"""))));
    }

    @Test
    void graphAnswersMapOntoASocialLead() {
        MappedLead mapped = MetaLeadImport.fromGraph("1234567890123456", "101234567890123",
                Payloads.json("meta-graph-lead.json"));
        JsonNode body = mapped.body();

        assertEquals("SOCIAL", body.get("source").textValue());
        assertEquals("1234567890123456", body.get("externalId").textValue());
        assertEquals("meta:1234567890123456", mapped.idempotencyKey());
        assertEquals("lukas.becker@nordwerk-logistik.de", body.get("email").textValue());
        assertEquals("+4940123456789", body.get("phone").textValue());
        assertEquals("Lukas", body.get("firstName").textValue());
        assertEquals("Becker", body.get("lastName").textValue());
        assertEquals("Nordwerk Logistik GmbH", body.get("company").textValue());
        assertEquals("Leiter Vertrieb", body.get("title").textValue());
        assertEquals("DE", body.get("country").textValue());
        assertEquals("Hamburg", body.get("city").textValue());
        assertTrue(new LeadValidator().validate(body, true).isEmpty());
    }

    @Test
    void customAndLocalizedQuestionsAreKeptInAttributes() {
        JsonNode body = MetaLeadImport.fromGraph("1", "2", Payloads.json("meta-graph-lead.json")).body();

        assertEquals("500-1000", attribute(body, "wie_viele_mitarbeiter_hat_ihr_unternehmen?"));
        assertEquals("Analytics;Routing", attribute(body, "welche_produkte_interessieren_sie?"));
        assertEquals("987654321098765", attribute(body, "metaFormId"));
        assertEquals("2", attribute(body, "metaPageId"));
        assertEquals("2024-11-21T10:12:08+0000", attribute(body, "metaCreatedTime"));
    }

    @Test
    void theCampaignTellsPlatformAndAd() {
        JsonNode campaign = MetaLeadImport.fromGraph("1", null, Payloads.json("meta-graph-lead.json")).body().get("campaign");

        assertEquals("instagram", campaign.get("utmSource").textValue());
        assertEquals("paid_social", campaign.get("utmMedium").textValue());
        assertEquals("23851234567890789", campaign.get("utmCampaign").textValue());
        assertEquals("23851234567890123", campaign.get("adId").textValue());
    }

    @Test
    void aMalformedGraphAnswerIsNamed() {
        assertEquals(List.of("field_data"), errorFields(() -> MetaLeadImport.fromGraph("1", null, Json.parse("{\"id\": \"1\"}"))));
        assertEquals(List.of("field_data[0].values", "field_data[1].name"), errorFields(() -> MetaLeadImport.fromGraph("1", null,
                Json.parse("{\"field_data\": [{\"name\": \"email\", \"values\": \"a@b.com\"}, {\"values\": [\"x\"]}]}"))));
    }

    @Test
    void anImportMessageWithoutAUsableLeadgenIdIsRefusedBeforeAnyFetch() {
        MetaLeadImport metaImport = new MetaLeadImport(new MetaGraphClient("http://127.0.0.1:9", "token"));

        assertEquals(List.of("leadgen_id"), errorFields(() -> metaImport.toLead(Json.parse("{\"page_id\": \"1\"}"))));
        assertEquals(List.of("leadgen_id"), errorFields(() -> metaImport.toLead(Json.parse("{\"leadgen_id\": \"1/../2\"}"))));
    }
}
