package dev.leadrouter.handoff;

import java.util.Map;

/**
 * What the hand-off needs from its environment: the notifications queue, the secret that signs accept and
 * decline links, the API's public URL those links point at, SES, and the CRMs owners are written back to.
 * Null values turn the matching part off (no queue: no notifications; no SES endpoint locally: emails printed;
 * no CRM URL: no write-back to that CRM).
 */
public record HandOffConfig(String notificationsQueueUrl, String notificationsDlqUrl, String linkSecret,
                            String publicApiUrl, String sesEndpoint, String senderEmail,
                            String salesforceUrl, String salesforceToken, String hubspotUrl, String hubspotToken) {
    public static final HandOffConfig OFF = new HandOffConfig(null, null, null, null, null, null, null, null, null, null);

    public static HandOffConfig fromEnv(Map<String, String> env) {
        return new HandOffConfig(env.get("NOTIFICATIONS_QUEUE_URL"), env.get("NOTIFICATIONS_DLQ_URL"),
                env.get("LINK_SECRET"), env.get("PUBLIC_API_URL"), blankToNull(env.get("SES_ENDPOINT")),
                env.get("SENDER_EMAIL"), blankToNull(env.get("SALESFORCE_URL")), env.get("SALESFORCE_TOKEN"),
                blankToNull(env.get("HUBSPOT_URL")), env.get("HUBSPOT_TOKEN"));
    }

    /**
     * With the secrets and tunables of the settings secret (see {@link dev.leadrouter.config.FunctionSettings}):
     * the link secret, the sender address and the CRMs' URLs and tokens; null turns the matching part off.
     */
    public HandOffConfig withSettings(String linkSecret, String senderEmail, String salesforceUrl,
                                      String salesforceToken, String hubspotUrl, String hubspotToken) {
        return new HandOffConfig(notificationsQueueUrl, notificationsDlqUrl, linkSecret, publicApiUrl, sesEndpoint,
                senderEmail, blankToNull(salesforceUrl), salesforceToken, blankToNull(hubspotUrl), hubspotToken);
    }

    public HandOffConfig withPublicApiUrl(String url) {
        return new HandOffConfig(notificationsQueueUrl, notificationsDlqUrl, linkSecret, url, sesEndpoint, senderEmail,
                salesforceUrl, salesforceToken, hubspotUrl, hubspotToken);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
