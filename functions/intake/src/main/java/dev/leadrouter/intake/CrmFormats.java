package dev.leadrouter.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.intake.webhooks.HubSpotContact;
import dev.leadrouter.intake.webhooks.MappedLead;
import dev.leadrouter.intake.webhooks.MetaLeadImport;
import dev.leadrouter.intake.webhooks.SalesforceLead;
import dev.leadrouter.lambda.PermanentFailure;

/** Maps a CRM record in its native format (message attribute {@code format}) onto the canonical lead body. */
final class CrmFormats {
    static final String CANONICAL = "canonical";

    private final MetaLeadImport metaLeads;

    CrmFormats(MetaLeadImport metaLeads) {
        this.metaLeads = metaLeads;
    }

    MappedLead toCanonical(String format, JsonNode record) {
        return switch (format) {
            case CANONICAL -> MappedLead.canonical(record);
            case SalesforceLead.FORMAT -> SalesforceLead.toLead(record);
            case HubSpotContact.FORMAT -> HubSpotContact.toLead(record);
            case MetaLeadImport.FORMAT -> metaLeads.toLead(record);
            default -> throw new PermanentFailure("format", "unknown format " + format
                    + "; use canonical, salesforce, hubspot or " + MetaLeadImport.FORMAT);
        };
    }
}
