package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Google Ads lead form webhook ({@code lead_id}, {@code user_column_data: [{column_id, string_value}]}, ids
 * that arrive as JSON numbers, {@code google_key}, {@code is_test}). Its source is SOCIAL: like Meta's, it is
 * a form filled in inside an ad platform rather than on our site, and rules can tell the two apart by
 * {@code campaign.utmSource}. Columns we have no field for go to attributes under their column id.
 */
public final class GoogleAdsLead {
    /** Google's ids are long but bounded; this keeps "google-ads:" + lead_id a valid idempotency key. */
    private static final int MAX_ID_LENGTH = 180;

    /** Column id → lead field; the work email and phone come first, as routing keys on the company. */
    static final Map<String, String> COLUMNS = CanonicalBody.names(
            "WORK_EMAIL", "email",
            "EMAIL", "email",
            "WORK_PHONE", "phone",
            "PHONE_NUMBER", "phone",
            "FIRST_NAME", "firstName",
            "LAST_NAME", "lastName",
            "FULL_NAME", CanonicalBody.FULL_NAME,
            "COMPANY_NAME", "company",
            "JOB_TITLE", "title",
            "COUNTRY", "country",
            "REGION", "region",
            "CITY", "city");

    private GoogleAdsLead() {
    }

    /** Whether the payload's {@code google_key} is the configured key; never when none is configured. */
    public static boolean keyMatches(JsonNode payload, String configuredKey) {
        JsonNode key = payload == null ? null : payload.get("google_key");
        return Signatures.sameSecret(key != null && key.isTextual() ? key.textValue() : null, configuredKey);
    }

    public static MappedLead toLead(JsonNode payload) {
        PayloadReader in = new PayloadReader();
        JsonNode lead = in.object(payload, "body", true);
        in.throwIfMalformed();
        String leadId = in.id(lead.get("lead_id"), "lead_id", true, MAX_ID_LENGTH);
        String campaignId = in.id(lead.get("campaign_id"), "campaign_id", false, MAX_ID_LENGTH);
        String formId = in.id(lead.get("form_id"), "form_id", false, MAX_ID_LENGTH);
        String adGroupId = in.id(lead.get("adgroup_id"), "adgroup_id", false, MAX_ID_LENGTH);
        String creativeId = in.id(lead.get("creative_id"), "creative_id", false, MAX_ID_LENGTH);
        String gclid = in.scalar(lead.get("gcl_id"), "gcl_id");
        boolean test = isTest(lead.get("is_test"), in);
        Map<String, String> answers = new LinkedHashMap<>();
        List<JsonNode> columns = in.array(lead.get("user_column_data"), "user_column_data", true);
        for (int i = 0; i < columns.size(); i++) {
            String path = "user_column_data[" + i + "]";
            JsonNode column = in.object(columns.get(i), path, true);
            if (column == null) {
                continue;
            }
            String name = in.scalar(column.get("column_id"), path + ".column_id");
            if (name == null || name.isBlank()) {
                name = in.scalar(column.get("column_name"), path + ".column_name");
            }
            String value = in.scalar(column.get("string_value"), path + ".string_value");
            if (name == null || name.isBlank()) {
                in.fail(path + ".column_id", path + ".column_id is required");
            } else if (value != null) {
                CanonicalBody.answer(answers, name.strip(), value);
            }
        }
        in.throwIfMalformed();

        CanonicalBody body = new CanonicalBody(Source.SOCIAL)
                .answers(answers, COLUMNS)
                .campaign("utmSource", "google")
                .campaign("utmMedium", "cpc")
                .campaign("utmCampaign", campaignId)
                .campaign("adGroupId", adGroupId)
                .campaign("creativeId", creativeId)
                .attribute("googleLeadId", leadId)
                .attribute("googleFormId", formId)
                .attribute("gclid", gclid);
        if (test) {
            body.attribute("isTest", "true");
        }
        return new MappedLead(body.toJson(), "google-ads:" + leadId, test);
    }

    private static boolean isTest(JsonNode value, PayloadReader in) {
        if (PayloadReader.isAbsent(value)) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.textValue());
        }
        in.fail("is_test", "is_test must be true or false");
        return false;
    }
}
