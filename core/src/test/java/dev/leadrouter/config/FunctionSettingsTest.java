package dev.leadrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.leadrouter.handoff.HandOffConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FunctionSettingsTest {
    private static final Config BASE = Config.local("http://localhost:9324/000000000000");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void theSecretIsReadOnFirstUseKeptForTheTtlAndReadAgainAfterIt() {
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> secret = new AtomicReference<>(
                "{\"googleAdsKey\": \"k1\", \"metaAppSecret\": \"\", \"stuckAfterSeconds\": 120, \"rulesCacheSeconds\": 9}");
        FunctionSettings settings = new FunctionSettings(BASE, () -> {
            reads.incrementAndGet();
            return secret.get();
        }, Duration.ofSeconds(60), clock);
        assertEquals(0, reads.get(), "nothing is read before the first use");

        Config first = settings.current();
        assertEquals("k1", first.googleAdsKey());
        assertNull(first.metaAppSecret(), "an empty secret turns its webhook off");
        assertEquals(Duration.ofSeconds(120), first.stuckAfter());
        assertEquals(Duration.ofSeconds(9), first.rulesCacheTtl());
        assertEquals(BASE.leadsTable(), first.leadsTable());

        secret.set("{\"googleAdsKey\": \"k2\"}");
        now.set(now.get().plusSeconds(59));
        assertEquals("k1", settings.current().googleAdsKey());
        now.set(now.get().plusSeconds(1));
        assertEquals("k2", settings.current().googleAdsKey());
        assertEquals(2, reads.get());
    }

    @Test
    void aFailedReReadKeepsTheLastSettingsButAFailedFirstReadFails() {
        AtomicReference<String> secret = new AtomicReference<>("{\"googleAdsKey\": \"k1\"}");
        FunctionSettings settings = new FunctionSettings(BASE, () -> {
            if (secret.get() == null) {
                throw new IllegalStateException("unavailable");
            }
            return secret.get();
        }, Duration.ofSeconds(1), clock);
        settings.current();
        secret.set(null);
        now.set(now.get().plusSeconds(5));
        assertEquals("k1", settings.current().googleAdsKey());

        FunctionSettings unreadable = new FunctionSettings(BASE, () -> {
            throw new IllegalStateException("unavailable");
        }, Duration.ofSeconds(1), clock);
        assertThrows(IllegalStateException.class, unreadable::current);
    }

    @Test
    void theHandOffSecretsAndAddressesComeFromTheSecretAndTheQueuesFromTheEnvironment() {
        Config base = BASE.withHandOff(new HandOffConfig("queue-url", "dlq-url", "env-secret", "https://api.example",
                null, "old@example.com", "https://old.my.salesforce.com", "old", null, null));
        FunctionSettings settings = new FunctionSettings(base, () -> """
                {"linkSecret": "link-secret-from-the-settings-secret", "senderEmail": "sales@example.com",
                 "salesforceUrl": "https://acme.my.salesforce.com", "salesforceToken": "sf",
                 "hubspotUrl": "", "hubspotToken": ""}""", Duration.ofSeconds(60), clock);
        HandOffConfig handOff = settings.current().handOff();
        assertEquals("link-secret-from-the-settings-secret", handOff.linkSecret());
        assertEquals("sales@example.com", handOff.senderEmail());
        assertEquals("https://acme.my.salesforce.com", handOff.salesforceUrl());
        assertEquals("sf", handOff.salesforceToken());
        assertNull(handOff.hubspotUrl(), "an empty URL turns that write-back off");
        assertNull(handOff.hubspotToken());
        assertEquals("queue-url", handOff.notificationsQueueUrl());
        assertEquals("dlq-url", handOff.notificationsDlqUrl());
        assertEquals("https://api.example", handOff.publicApiUrl());
    }
}
