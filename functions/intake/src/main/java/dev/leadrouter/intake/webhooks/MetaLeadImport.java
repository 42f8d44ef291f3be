package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CRM import format {@value #FORMAT}: a queued Meta leadgen notification whose answers are fetched
 * from the Graph API and mapped onto a SOCIAL lead with the leadgen id as external id and idempotency key.
 * Meta's standard questions map onto the lead; custom questions, whatever their (even localized) names,
 * go to attributes under those names.
 */
public final class MetaLeadImport {
    public static final String FORMAT = "meta-leadgen";

    /** Question name → lead field; the work email and phone come first, as routing keys on the company. */
    static final Map<String, String> QUESTIONS = CanonicalBody.names(
            "work_email", "email",
            "email", "email",
            "work_phone_number", "phone",
            "phone_number", "phone",
            "first_name", "firstName",
            "last_name", "lastName",
            "full_name", CanonicalBody.FULL_NAME,
            "company_name", "company",
            "job_title", "title",
            "country", "country",
            "state", "region",
            "province", "region",
            "city", "city");

    /** Graph's platform codes → utm source. */
    private static final Map<String, String> PLATFORMS = Map.of(
            "fb", "facebook", "ig", "instagram", "msg", "messenger", "an", "audience_network");

    private final MetaGraphClient graph;

    public MetaLeadImport(MetaGraphClient graph) {
        this.graph = graph;
    }

    public MappedLead toLead(JsonNode message) {
        PayloadReader in = new PayloadReader();
        JsonNode notification = in.object(message, "body", true);
        in.throwIfMalformed();
        String leadgenId = MetaLeadgenNotification.leadgenId(notification.get("leadgen_id"), "leadgen_id", in);
        String pageId = in.id(notification.get("page_id"), "page_id", false, MetaLeadgenNotification.MAX_ID_LENGTH);
        in.throwIfMalformed();
        return fromGraph(leadgenId, pageId, graph.lead(leadgenId));
    }

    /** Maps the Graph API's answer for a lead. */
    static MappedLead fromGraph(String leadgenId, String pageId, JsonNode graphLead) {
        PayloadReader in = new PayloadReader();
        JsonNode lead = in.object(graphLead, "Graph lead", true);
        in.throwIfMalformed();
        Map<String, String> answers = new LinkedHashMap<>();
        List<JsonNode> fields = in.array(lead.get("field_data"), "field_data", true);
        for (int i = 0; i < fields.size(); i++) {
            String path = "field_data[" + i + "]";
            JsonNode field = in.object(fields.get(i), path, true);
            if (field == null) {
                continue;
            }
            String name = in.scalar(field.get("name"), path + ".name");
            List<String> values = in.array(field.get("values"), path + ".values", true).stream()
                    .map(value -> in.scalar(value, path + ".values"))
                    .filter(value -> value != null && !value.isBlank())
                    .toList();
            if (name == null || name.isBlank()) {
                in.fail(path + ".name", path + ".name is required");
            } else if (!values.isEmpty()) {
                CanonicalBody.answer(answers, name.strip(), String.join(CanonicalBody.VALUE_SEPARATOR, values));
            }
        }
        String campaignId = in.id(lead.get("campaign_id"), "campaign_id", false, MetaLeadgenNotification.MAX_ID_LENGTH);
        String adId = in.id(lead.get("ad_id"), "ad_id", false, MetaLeadgenNotification.MAX_ID_LENGTH);
        String formId = in.id(lead.get("form_id"), "form_id", false, MetaLeadgenNotification.MAX_ID_LENGTH);
        String createdTime = in.scalar(lead.get("created_time"), "created_time");
        String platform = in.scalar(lead.get("platform"), "platform");
        boolean organic = lead.path("is_organic").asBoolean(false);
        in.throwIfMalformed();

        CanonicalBody body = new CanonicalBody(Source.SOCIAL)
                .externalId(leadgenId)
                .answers(answers, QUESTIONS)
                .campaign("utmSource", platform == null ? "facebook" : PLATFORMS.getOrDefault(platform, platform))
                .campaign("utmMedium", organic ? "social" : "paid_social")
                .campaign("utmCampaign", campaignId)
                .campaign("adId", adId)
                .attribute("metaFormId", formId)
                .attribute("metaPageId", pageId)
                .attribute("metaCreatedTime", createdTime);
        return new MappedLead(body.toJson(), "meta:" + leadgenId, false);
    }
}
