package dev.leadrouter.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Source;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.intake.webhooks.HubSpotContact;
import dev.leadrouter.intake.webhooks.MappedLead;
import dev.leadrouter.intake.webhooks.MetaGraphClient;
import dev.leadrouter.intake.webhooks.MetaLeadImport;
import dev.leadrouter.intake.webhooks.SalesforceLead;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.lambda.SqsBatch;
import java.time.Clock;
import java.util.Locale;

/**
 * Consumes the CRM import queue: one lead per message, {@code externalId} required, in the format named by
 * the message attribute {@code format}. A record that can never be valid goes to the DLQ at once with its
 * errors; store, queue and Graph API failures are retried.
 */
public class CrmImportHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LeadIntake intake;
    private final CrmFormats formats;
    private final SqsBatch batch;

    public CrmImportHandler() {
        this(AwsPorts.fromEnvironment(), Config.fromEnv(), Clock.systemUTC());
    }

    /** The batch's messages to qualification go out together when it is done (SendMessageBatch). */
    public CrmImportHandler(AwsPorts ports, Config config, Clock clock) {
        this.batch = ports.batchingSends(config.crmImportDlqUrl());
        this.intake = new LeadIntake(ports.leads(config), ports.publisher(config, HandOffConfig.OFF, batch), config,
                clock);
        this.formats = new CrmFormats(new MetaLeadImport(
                new MetaGraphClient(config.metaGraphUrl(), config.metaAccessToken())));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, this::importRecord);
    }

    private void importRecord(SQSEvent.SQSMessage message) {
        JsonNode body;
        try {
            body = Json.parseStrict(message.getBody() == null ? "" : message.getBody());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("body", "message body is not valid JSON: one value, no repeated key, "
                    + "nothing after it");
        }
        String format = format(message);
        MappedLead lead = formats.toCanonical(format, body);
        // A native CRM record remembers its CRM, whose owner is written back when the lead is assigned.
        String crm = format.equals(SalesforceLead.FORMAT) || format.equals(HubSpotContact.FORMAT) ? format : null;
        LeadIntake.Outcome outcome = intake.submit(lead.body(), Source.CRM_IMPORT, true, lead.idempotencyKey(),
                cleansed -> {
                    lead.mark(cleansed);
                    cleansed.crm = crm;
                });
        switch (outcome) {
            case LeadIntake.Invalid invalid -> throw new PermanentFailure(invalid.errors());
            case LeadIntake.KeyReused reused -> throw new PermanentFailure("idempotencyKey",
                    "the record's idempotency key was already used for a record with different content");
            case LeadIntake.NotQueued notQueued ->
                    throw new IllegalStateException("lead " + notQueued.leadId() + " stored but not queued");
            default -> {
            }
        }
    }

    private static String format(SQSEvent.SQSMessage message) {
        var attributes = message.getMessageAttributes();
        if (attributes == null || attributes.get("format") == null || attributes.get("format").getStringValue() == null) {
            return CrmFormats.CANONICAL;
        }
        return attributes.get("format").getStringValue().trim().toLowerCase(Locale.ROOT);
    }
}
