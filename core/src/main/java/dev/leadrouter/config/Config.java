package dev.leadrouter.config;

import dev.leadrouter.handoff.HandOffConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a function is told by its environment: resource names (the template sets them in AWS,
 * the local stack sets the local names of CONTRACT.md, "2. Local stack"), tuning knobs, webhook secrets and the hand-off's
 * settings ({@link HandOffConfig#OFF} where a function or test runs without hand-off).
 */
public record Config(
        String leadsTable, String repsTable, String rulesTable, String accountsTable,
        String crmImportQueueUrl, String crmImportDlqUrl,
        String qualificationQueueUrl, String qualificationDlqUrl,
        String routingQueueUrl, String routingDlqUrl,
        String assignmentsQueueUrl, String nurtureQueueUrl,
        Duration rulesCacheTtl, Duration stuckAfter,
        String googleAdsKey, String metaAppSecret, String metaVerifyToken, String metaAccessToken,
        String metaGraphUrl, HandOffConfig handOff) {

    public static final String LOCAL_PREFIX = "lead-router-";
    public static final String DEFAULT_META_GRAPH_URL = "https://graph.facebook.com/v21.0";

    /** Queue base names of CONTRACT.md, "2. Local stack"; each has a "-dlq" twin. */
    public enum Queue {
        CRM_IMPORT("crm-import"), QUALIFICATION("qualification"), ROUTING("routing"),
        ASSIGNMENTS("assignments"), NURTURE("nurture"), NOTIFICATIONS("notifications");

        public final String suffix;

        Queue(String suffix) {
            this.suffix = suffix;
        }
    }

    public static Config fromEnv() {
        return fromEnv(System.getenv());
    }

    public static Config fromEnv(Map<String, String> env) {
        return new Config(
                required(env, "LEADS_TABLE"), required(env, "REPS_TABLE"),
                required(env, "RULES_TABLE"), required(env, "ACCOUNTS_TABLE"),
                env.get("CRM_IMPORT_QUEUE_URL"), env.get("CRM_IMPORT_DLQ_URL"),
                env.get("QUALIFICATION_QUEUE_URL"), env.get("QUALIFICATION_DLQ_URL"),
                env.get("ROUTING_QUEUE_URL"), env.get("ROUTING_DLQ_URL"),
                env.get("ASSIGNMENTS_QUEUE_URL"), env.get("NURTURE_QUEUE_URL"),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("RULES_CACHE_SECONDS", "5"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("STUCK_AFTER_SECONDS", "60"))),
                env.get("GOOGLE_ADS_KEY"), env.get("META_APP_SECRET"), env.get("META_VERIFY_TOKEN"),
                env.get("META_ACCESS_TOKEN"), env.getOrDefault("META_GRAPH_URL", DEFAULT_META_GRAPH_URL),
                HandOffConfig.fromEnv(env));
    }

    /** The environment a function gets from the template, for the given names (used by the local stack too). */
    public Map<String, String> toEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("LEADS_TABLE", leadsTable);
        env.put("REPS_TABLE", repsTable);
        env.put("RULES_TABLE", rulesTable);
        env.put("ACCOUNTS_TABLE", accountsTable);
        putIfSet(env, "CRM_IMPORT_QUEUE_URL", crmImportQueueUrl);
        putIfSet(env, "CRM_IMPORT_DLQ_URL", crmImportDlqUrl);
        putIfSet(env, "QUALIFICATION_QUEUE_URL", qualificationQueueUrl);
        putIfSet(env, "QUALIFICATION_DLQ_URL", qualificationDlqUrl);
        putIfSet(env, "ROUTING_QUEUE_URL", routingQueueUrl);
        putIfSet(env, "ROUTING_DLQ_URL", routingDlqUrl);
        putIfSet(env, "ASSIGNMENTS_QUEUE_URL", assignmentsQueueUrl);
        putIfSet(env, "NURTURE_QUEUE_URL", nurtureQueueUrl);
        env.put("RULES_CACHE_SECONDS", Long.toString(rulesCacheTtl.toSeconds()));
        env.put("STUCK_AFTER_SECONDS", Long.toString(stuckAfter.toSeconds()));
        putIfSet(env, "GOOGLE_ADS_KEY", googleAdsKey);
        putIfSet(env, "META_APP_SECRET", metaAppSecret);
        putIfSet(env, "META_VERIFY_TOKEN", metaVerifyToken);
        putIfSet(env, "META_ACCESS_TOKEN", metaAccessToken);
        putIfSet(env, "META_GRAPH_URL", metaGraphUrl);
        return env;
    }

    /** The local names of CONTRACT.md, "2. Local stack": tables "lead-router-*", queues at {@code queueBaseUrl}/lead-router-*. */
    public static Config local(String queueBaseUrl) {
        String base = queueBaseUrl.endsWith("/") ? queueBaseUrl : queueBaseUrl + "/";
        return local(name -> base + name);
    }

    /** The local names of CONTRACT.md, "2. Local stack", with each queue's URL looked up by its name (e.g. from GetQueueUrl). */
    public static Config local(Function<String, String> queueUrlByName) {
        Function<Queue, String> queue = q -> queueUrlByName.apply(queueName(q));
        Function<Queue, String> dlq = q -> queueUrlByName.apply(dlqName(q));
        return new Config(
                LOCAL_PREFIX + "leads", LOCAL_PREFIX + "reps", LOCAL_PREFIX + "rules", LOCAL_PREFIX + "accounts",
                queue.apply(Queue.CRM_IMPORT), dlq.apply(Queue.CRM_IMPORT),
                queue.apply(Queue.QUALIFICATION), dlq.apply(Queue.QUALIFICATION),
                queue.apply(Queue.ROUTING), dlq.apply(Queue.ROUTING),
                queue.apply(Queue.ASSIGNMENTS), queue.apply(Queue.NURTURE),
                Duration.ofSeconds(5), Duration.ofSeconds(60),
                null, null, null, null, DEFAULT_META_GRAPH_URL, HandOffConfig.OFF);
    }

    public static String queueName(Queue queue) {
        return LOCAL_PREFIX + queue.suffix;
    }

    public static String dlqName(Queue queue) {
        return queueName(queue) + "-dlq";
    }

    public Config withRulesCacheTtl(Duration ttl) {
        return new Config(leadsTable, repsTable, rulesTable, accountsTable, crmImportQueueUrl, crmImportDlqUrl,
                qualificationQueueUrl, qualificationDlqUrl, routingQueueUrl, routingDlqUrl, assignmentsQueueUrl,
                nurtureQueueUrl, ttl, stuckAfter, googleAdsKey, metaAppSecret, metaVerifyToken, metaAccessToken,
                metaGraphUrl, handOff);
    }

    public Config withStuckAfter(Duration after) {
        return new Config(leadsTable, repsTable, rulesTable, accountsTable, crmImportQueueUrl, crmImportDlqUrl,
                qualificationQueueUrl, qualificationDlqUrl, routingQueueUrl, routingDlqUrl, assignmentsQueueUrl,
                nurtureQueueUrl, rulesCacheTtl, after, googleAdsKey, metaAppSecret, metaVerifyToken, metaAccessToken,
                metaGraphUrl, handOff);
    }

    public Config withWebhookSecrets(String googleAds, String metaSecret, String metaVerify, String metaAccess,
                                     String graphUrl) {
        return new Config(leadsTable, repsTable, rulesTable, accountsTable, crmImportQueueUrl, crmImportDlqUrl,
                qualificationQueueUrl, qualificationDlqUrl, routingQueueUrl, routingDlqUrl, assignmentsQueueUrl,
                nurtureQueueUrl, rulesCacheTtl, stuckAfter, googleAds, metaSecret, metaVerify, metaAccess,
                graphUrl == null ? DEFAULT_META_GRAPH_URL : graphUrl, handOff);
    }

    public Config withHandOff(HandOffConfig settings) {
        return new Config(leadsTable, repsTable, rulesTable, accountsTable, crmImportQueueUrl, crmImportDlqUrl,
                qualificationQueueUrl, qualificationDlqUrl, routingQueueUrl, routingDlqUrl, assignmentsQueueUrl,
                nurtureQueueUrl, rulesCacheTtl, stuckAfter, googleAdsKey, metaAppSecret, metaVerifyToken, metaAccessToken,
                metaGraphUrl, settings);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value;
    }

    private static void putIfSet(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
