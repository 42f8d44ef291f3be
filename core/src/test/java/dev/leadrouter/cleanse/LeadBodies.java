package dev.leadrouter.cleanse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;

/** Request bodies shared by the intake tests. */
final class LeadBodies {
    /** The {@code POST /leads} example of CONTRACT.md, "POST /leads". */
    static final String CONTRACT_EXAMPLE = """
            { "email": "jane.doe@acme.com", "phone": "+49 30 1234567",
              "firstName": "Jane", "lastName": "Doe", "company": "Acme GmbH", "title": "VP Sales",
              "country": "DE", "region": "BE", "city": "Berlin", "employees": 1200, "annualRevenue": 50000000,
              "industry": "Software", "product": "analytics", "language": "de",
              "source": "WEB_FORM", "campaign": {"utmSource":"google","utmMedium":"cpc","utmCampaign":"q4"},
              "message": "Need a demo", "externalId": "optional-id-in-source-system",
              "attributes": {"any": "string"} }
            """;

    private LeadBodies() {
    }

    static ObjectNode contractExample() {
        return (ObjectNode) Json.parse(CONTRACT_EXAMPLE);
    }
}
