package dev.leadrouter.intake.webhooks;

import java.util.Map;

/** HubSpot's contact property names, shared by its form submissions and its contact records. */
final class HubSpotProperties {
    /** Property name → lead field, in order of preference when a lead answers two names of one field. */
    static final Map<String, String> NAMES = CanonicalBody.names(
            "email", "email",
            "work_email", "email",
            "phone", "phone",
            "mobilephone", "phone",
            "firstname", "firstName",
            "lastname", "lastName",
            "company", "company",
            "jobtitle", "title",
            "country", "country",
            "state", "region",
            "city", "city",
            "numemployees", "employees",
            "annualrevenue", "annualRevenue",
            "industry", "industry",
            "message", "message",
            "hs_language", "language",
            "utm_source", "campaign.utmSource",
            "utm_medium", "campaign.utmMedium",
            "utm_campaign", "campaign.utmCampaign",
            "utm_term", "campaign.utmTerm",
            "utm_content", "campaign.utmContent");

    private HubSpotProperties() {
    }
}
