package dev.leadrouter.cleanse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a body that {@link LeadValidator#check} accepted into a {@link Lead} with the cleansed fields:
 * lower-cased email and its domain, E.164 phone, alpha-2 country, tidy names.
 * The pipeline's own fields (leadId, status, timestamps, ...) are left for the caller.
 * Nothing sent is dropped: a text field that cannot be cleansed keeps its raw value (cut to its length
 * limit), a typed field that cannot ({@code employees: "lots"}) keeps it as text under
 * {@code attributes.<field>}, and fields CONTRACT.md, "POST /leads", does not name go to {@code attributes}.
 */
public class LeadCleanser {
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    public Lead cleanse(JsonNode body, Source defaultSource) {
        Lead lead = new Lead();
        Map<String, String> attributes = attributes(body.get("attributes"));
        String email = text(body, "email");
        if (email != null) {
            lead.email = email.toLowerCase(Locale.ROOT);
            if (LeadValidator.isEmailAddress(email)) {
                lead.emailDomain = lead.email.substring(lead.email.lastIndexOf('@') + 1);
                lead.freeMail = FreeMailDomains.contains(lead.emailDomain);
            }
        }
        String country = text(body, "country");
        String alpha2 = Countries.toAlpha2(country).orElse(null);
        lead.country = alpha2 != null ? alpha2 : country;
        String phone = text(body, "phone");
        lead.phone = phone == null ? null : PhoneNumbers.toE164(phone, alpha2).orElse(phone);
        lead.firstName = name(body, "firstName");
        lead.lastName = name(body, "lastName");
        lead.company = name(body, "company");
        lead.title = name(body, "title");
        lead.city = name(body, "city");
        lead.region = name(body, "region");
        lead.industry = name(body, "industry");
        lead.product = name(body, "product");
        String source = text(body, "source");
        lead.source = source == null ? defaultSource : LeadFields.source(source).orElse(defaultSource);
        if (source != null && LeadFields.source(source).isEmpty()) {
            keep(attributes, "source", body.get("source"));
        }
        lead.employees = LeadFields.employees(body);
        if (lead.employees == null) {
            keep(attributes, "employees", body.get("employees"));
        }
        lead.annualRevenue = LeadFields.annualRevenue(body);
        if (lead.annualRevenue == null) {
            keep(attributes, "annualRevenue", body.get("annualRevenue"));
        }
        String language = text(body, "language");
        lead.language = language == null ? null : language.toLowerCase(Locale.ROOT);
        JsonNode campaign = body.get("campaign");
        lead.campaign = campaign(campaign);
        if (campaign != null && !campaign.isObject()) {
            keep(attributes, "campaign", campaign);
        }
        lead.message = text(body, "message");
        lead.externalId = text(body, "externalId");
        JsonNode attributesNode = body.get("attributes");
        if (attributesNode != null && !attributesNode.isObject()) {
            keep(attributes, "attributes", attributesNode);
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!LeadValidator.CONTRACT_FIELDS.contains(field.getKey())) {
                keep(attributes, field.getKey(), field.getValue());
            }
        }
        lead.attributes = attributes;
        return lead;
    }

    private static String name(JsonNode body, String field) {
        String text = text(body, field);
        String tidy = text == null ? "" : WHITESPACE_RUN.matcher(text).replaceAll(" ").strip();
        return tidy.isEmpty() ? null : tidy;
    }

    /** A text field's value as sent, trimmed and cut to its limit: text of a number, JSON of an object; null when empty. */
    private static String text(JsonNode body, String field) {
        String text = raw(body.get(field));
        return text == null || text.isBlank() ? null : cut(text.strip(), LeadValidator.STRING_LIMITS.get(field));
    }

    /** The campaign's values as text, trimmed and cut to their limit; null when none. */
    private static Map<String, String> campaign(JsonNode campaign) {
        if (campaign == null || !campaign.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : campaign.properties()) {
            String text = raw(entry.getValue());
            if (text != null && !text.isBlank()) {
                values.put(key(entry.getKey()), cut(text.strip(), LeadValidator.MAX_CAMPAIGN_VALUE_LENGTH));
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
            keep(values, entry.getKey(), entry.getValue());
        }
        return values;
    }

    /** Keeps a value sent as text under attributes, unless the name is already taken there. */
    private static void keep(Map<String, String> attributes, String name, JsonNode value) {
        String text = raw(value);
        if (text != null) {
            attributes.putIfAbsent(key(name), cut(text, LeadValidator.MAX_ATTRIBUTE_VALUE_LENGTH));
        }
    }

    /** Strings as they are, numbers and booleans as text, objects and arrays as JSON; null for JSON null. */
    private static String raw(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        String scalar = LeadFields.attributeText(value);
        return scalar != null ? scalar : Json.write(value);
    }

    private static String key(String name) {
        return name.isBlank() ? "_" : cut(name, LeadValidator.MAX_KEY_LENGTH);
    }

    private static String cut(String text, int maxCodePoints) {
        return LeadValidator.length(text) <= maxCodePoints ? text
                : text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }
}
