package dev.leadrouter.cleanse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a body that {@link LeadValidator} accepted into a {@link Lead} with the cleansed fields:
 * lower-cased email and its domain, E.164 phone, alpha-2 country, tidy names.
 * The pipeline's own fields (leadId, status, timestamps, ...) are left for the caller.
 * A value of the wrong type is dropped rather than failing, but validation is what reports it.
 */
public class LeadCleanser {
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    public Lead cleanse(JsonNode body, Source defaultSource) {
        Lead lead = new Lead();
        String email = LeadFields.text(body, "email");
        if (email != null) {
            lead.email = email.toLowerCase(Locale.ROOT);
            lead.emailDomain = lead.email.substring(lead.email.lastIndexOf('@') + 1);
            lead.freeMail = FreeMailDomains.contains(lead.emailDomain);
        }
        lead.country = Countries.toAlpha2(LeadFields.text(body, "country")).orElse(null);
        String phone = LeadFields.text(body, "phone");
        lead.phone = phone == null ? null : PhoneNumbers.toE164(phone, lead.country).orElse(phone);
        lead.firstName = name(body, "firstName");
        lead.lastName = name(body, "lastName");
        lead.company = name(body, "company");
        lead.title = name(body, "title");
        lead.city = name(body, "city");
        lead.region = name(body, "region");
        lead.industry = name(body, "industry");
        lead.product = name(body, "product");
        String source = LeadFields.text(body, "source");
        lead.source = source == null ? defaultSource : LeadFields.source(source).orElse(defaultSource);
        lead.employees = LeadFields.employees(body);
        lead.annualRevenue = LeadFields.annualRevenue(body);
        String language = LeadFields.text(body, "language");
        lead.language = language == null ? null : language.toLowerCase(Locale.ROOT);
        lead.campaign = campaign(body.get("campaign"));
        lead.message = LeadFields.text(body, "message");
        lead.externalId = LeadFields.text(body, "externalId");
        lead.attributes = attributes(body.get("attributes"));
        return lead;
    }

    private static String name(JsonNode body, String field) {
        String text = LeadFields.text(body, field);
        String tidy = text == null ? "" : WHITESPACE_RUN.matcher(text).replaceAll(" ").strip();
        return tidy.isEmpty() ? null : tidy;
    }

    /** The campaign's non-empty string values, trimmed; null when none. */
    private static Map<String, String> campaign(JsonNode campaign) {
        if (campaign == null || !campaign.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : campaign.properties()) {
            if (entry.getValue().isTextual() && !entry.getValue().textValue().isBlank()) {
                values.put(entry.getKey(), entry.getValue().textValue().strip());
            }
        }
        return values.isEmpty() ? null : values;
    }

    private static Map<String, String> attributes(JsonNode attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        if (attributes == null || !attributes.isObject()) {
            return values;
        }
        for (Map.Entry<String, JsonNode> entry : attributes.properties()) {
            String text = LeadFields.attributeText(entry.getValue());
            if (text != null) {
                values.put(entry.getKey(), text);
            }
        }
        return values;
    }
}
