package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Source;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Salesforce Lead record (CRM import format {@code salesforce}) with {@code Id} as its external id.
 * {@code LeadSource} becomes the lead's source when it is one of Salesforce's standard picklist values we
 * have a source for, else the lead is a CRM import; either way the original is kept in attribute
 * {@code leadSource}. Other fields go to attributes; nested objects (the record's {@code attributes}
 * metadata, compound addresses, related records) and system audit fields are skipped.
 */
public final class SalesforceLead {
    public static final String FORMAT = "salesforce";

    /** Field → lead field; ISO codes (state and country picklists) are preferred to the free-text names. */
    static final Map<String, String> NAMES = CanonicalBody.names(
            "Email", "email",
            "Phone", "phone",
            "MobilePhone", "phone",
            "FirstName", "firstName",
            "LastName", "lastName",
            "Company", "company",
            "Title", "title",
            "CountryCode", "country",
            "Country", "country",
            "StateCode", "region",
            "State", "region",
            "City", "city",
            "NumberOfEmployees", "employees",
            "AnnualRevenue", "annualRevenue",
            "Industry", "industry",
            "Description", "message");

    private static final Map<String, Source> LEAD_SOURCES = Map.ofEntries(
            Map.entry("web", Source.WEB_FORM),
            Map.entry("website", Source.WEB_FORM),
            Map.entry("phone inquiry", Source.PHONE),
            Map.entry("partner referral", Source.PARTNER),
            Map.entry("partner", Source.PARTNER),
            Map.entry("employee referral", Source.REFERRAL),
            Map.entry("external referral", Source.REFERRAL),
            Map.entry("word of mouth", Source.REFERRAL),
            Map.entry("trade show", Source.EVENT),
            Map.entry("seminar - internal", Source.EVENT),
            Map.entry("seminar - partner", Source.EVENT),
            Map.entry("webinar", Source.EVENT),
            Map.entry("email", Source.EMAIL),
            Map.entry("chat", Source.CHAT),
            Map.entry("social media", Source.SOCIAL),
            Map.entry("other", Source.OTHER));

    private static final Set<String> SYSTEM_FIELDS = Set.of("Id", "LeadSource", "IsDeleted", "MasterRecordId",
            "CreatedById", "LastModifiedById", "SystemModstamp", "LastViewedDate", "LastReferencedDate", "PhotoUrl",
            "JigsawContactId", "CleanStatus", "IsUnreadByOwner");

    private SalesforceLead() {
    }

    public static MappedLead toLead(JsonNode record) {
        PayloadReader in = new PayloadReader();
        JsonNode lead = in.object(record, "body", true);
        in.throwIfMalformed();
        String id = in.id(lead.get("Id"), "Id", true, 200);
        String leadSource = in.scalar(lead.get("LeadSource"), "LeadSource");
        Map<String, String> answers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : lead.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (SYSTEM_FIELDS.contains(name) || value.isContainerNode() && !NAMES.containsKey(name)) {
                continue;
            }
            String text = in.scalar(value, name);
            if (text != null) {
                answers.put(name, text);
            }
        }
        in.throwIfMalformed();
        Source source = leadSource == null ? Source.CRM_IMPORT
                : LEAD_SOURCES.getOrDefault(leadSource.strip().toLowerCase(Locale.ROOT), Source.CRM_IMPORT);
        return MappedLead.canonical(new CanonicalBody(source)
                .externalId(id)
                .answers(answers, NAMES)
                .attribute("leadSource", leadSource)
                .toJson());
    }
}
