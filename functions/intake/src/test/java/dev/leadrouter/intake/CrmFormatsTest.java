package dev.leadrouter.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.intake.webhooks.MappedLead;
import dev.leadrouter.intake.webhooks.MetaGraphClient;
import dev.leadrouter.intake.webhooks.MetaLeadImport;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CrmFormatsTest {
    private final CrmFormats formats = new CrmFormats(new MetaLeadImport(new MetaGraphClient("http://127.0.0.1:9", null)));

    @Test
    void canonicalRecordsPassAsTheyAre() {
        JsonNode record = Json.parse("{\"email\": \"a@b.com\", \"externalId\": \"x\"}");

        MappedLead lead = formats.toCanonical(CrmFormats.CANONICAL, record);
        assertSame(record, lead.body());
        assertNull(lead.idempotencyKey());
    }

    @Test
    void nativeRecordsAreMappedByTheirFormat() {
        assertEquals("00Q1", formats.toCanonical("salesforce",
                Json.parse("{\"Id\": \"00Q1\", \"Email\": \"a@b.com\"}")).body().get("externalId").textValue());
        assertEquals("51", formats.toCanonical("hubspot",
                Json.parse("{\"id\": 51, \"properties\": {\"email\": \"a@b.com\"}}")).body().get("externalId").textValue());
    }

    @Test
    void aMetaLeadThatCannotBeFetchedWithoutATokenGoesToTheDeadLetterQueue() {
        PermanentFailure failure = assertThrows(PermanentFailure.class,
                () -> formats.toCanonical("meta-leadgen", Json.parse("{\"leadgen_id\": \"123\"}")));
        assertEquals("META_ACCESS_TOKEN", failure.errors().get(0).field());
    }

    @Test
    void anUnknownFormatIsPermanent() {
        PermanentFailure failure = assertThrows(PermanentFailure.class,
                () -> formats.toCanonical("pipedrive", Json.parse("{}")));
        assertEquals("format", failure.errors().get(0).field());
    }
}
