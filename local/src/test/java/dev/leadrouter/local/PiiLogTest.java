package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Logs never carry a lead's email or phone: everything written to the log stream, stdout and stderr while
 * about twenty leads (new, duplicate, phone-only, invalid, replayed, from the CRM queue) pass through the
 * whole shared stack is searched for their addresses and numbers, as typed and as cleansed.
 */
@Tag("end-to-end")
class PiiLogTest extends OnSharedStack {
    private static final Duration PIPELINE = Duration.ofSeconds(30);

    /** What must never appear: each contact detail in every form the system sees or makes of it. */
    private final Set<String> secrets = new LinkedHashSet<>();
    private final List<String> leadIds = new ArrayList<>();

    @Test
    void noEmailOrPhoneOfAFullRunIsLogged() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capturingOut = tee(out, captured);
        PrintStream capturingErr = tee(err, captured);
        Log.redirect(capturingOut);
        System.setOut(capturingOut);
        System.setErr(capturingErr);
        try {
            runLeads();
        } finally {
            Log.redirect(out);
            System.setOut(out);
            System.setErr(err);
        }

        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(leadIds.stream().anyMatch(logs::contains), "the capture holds the run's log lines");
        for (String secret : secrets) {
            assertFalse(logs.toLowerCase(Locale.ROOT).contains(secret.toLowerCase(Locale.ROOT)),
                    "logged: " + secret);
        }
    }

    private void runLeads() {
        // New leads with email and phone, WARM (assigned) and COLD (nurtured).
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String email = TestLeads.uniqueEmail(" Pii.Person" + i, "Souza-Logistica.com.br ");
            String phone = TestLeads.uniqueBerlinPhone();
            ObjectNode lead = i % 2 == 0 ? TestLeads.warmLead(email) : TestLeads.coldLead(email);
            lead.put("phone", phone);
            accepted(api.post("/leads", secret(lead).toString()));
            emails.add(email);
        }
        // Phone-only leads, typed nationally.
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String phone = TestLeads.uniqueBerlinPhone();
            ObjectNode lead = Json.object().put("phone", phone.replace("+49 30 ", "030 ")).put("country", "DE");
            accepted(api.post("/leads", secret(lead).toString()));
            phones.add(phone);
        }
        // Duplicates by email (another spelling) and by phone.
        duplicate(api.post("/leads", TestLeads.warmLead(emails.get(0).toUpperCase(Locale.ROOT)).toString()));
        duplicate(api.post("/leads", TestLeads.coldLead(emails.get(1)).toString()));
        duplicate(api.post("/leads", secret(Json.object().put("phone", phones.get(0))).toString()));
        // Invalid ones: refused without a usable email or phone, else accepted with warnings.
        String badEmail = TestLeads.uniqueEmail("pii.bad", "souza") + "@@";
        secrets.add(badEmail);
        for (ObjectNode invalid : List.of(
                Json.object().put("email", badEmail),
                Json.object().put("email", TestLeads.uniqueEmail("pii.badphone", "gmail.com")).put("phone", "12-34"),
                Json.object().put("email", TestLeads.uniqueEmail("pii.badcountry", "gmail.com")).put("country", "Atlantis"),
                Json.object().put("email", TestLeads.uniqueEmail("pii.badsource", "gmail.com")).put("source", "TELEX"))) {
            assertEquals(invalid.path("email").asText().equals(badEmail) ? 400 : 202,
                    api.post("/leads", secret(invalid).toString()).statusCode(), invalid.toString());
        }
        // A submission and its retry under one Idempotency-Key.
        String key = UUID.randomUUID().toString();
        String replayed = secret(TestLeads.coldLead(TestLeads.uniqueEmail("pii.idem", "gmail.com"))).toString();
        accepted(api.post("/leads", replayed, "Idempotency-Key", key));
        assertEquals(202, api.post("/leads", replayed, "Idempotency-Key", key).statusCode());
        runCrmImport();

        for (String leadId : leadIds) {
            Awaitility.await("lead " + leadId + " reaches a final state").atMost(PIPELINE).until(() -> isFinal(leadId));
        }
    }

    /** One valid and one invalid CRM record: the invalid one is dead-lettered with its errors (and logged). */
    private void runCrmImport() {
        Config config = stack.config();
        String valid = secret(TestLeads.coldLead(TestLeads.uniqueEmail("pii.crm", "gmail.com"))
                .put("phone", TestLeads.uniqueBerlinPhone()).put("externalId", "pii-" + UUID.randomUUID())).toString();
        String invalid = secret(Json.object().put("email", TestLeads.uniqueEmail("pii.crm-bad", "gmail") + "@")
                .put("externalId", "pii-" + UUID.randomUUID())).toString();
        for (String body : List.of(valid, invalid)) {
            stack.sqs().sendMessage(r -> r.queueUrl(config.crmImportQueueUrl()).messageBody(body));
        }
        Awaitility.await("the CRM import queue is consumed").atMost(PIPELINE)
                .until(() -> TestLeads.pendingMessages(stack.sqs(), config.crmImportQueueUrl()) == 0);
        assertEquals(1, TestLeads.take(stack.sqs(), config.crmImportDlqUrl(), List.of(invalid)).size());
    }

    /** Records the lead's email and phone, as sent and as cleansed, as secrets; returns the lead. */
    private ObjectNode secret(ObjectNode lead) {
        String email = lead.path("email").asText("");
        if (!email.isBlank()) {
            secrets.add(email.strip());
            secrets.add(email.strip().toLowerCase(Locale.ROOT));
        }
        String phone = lead.path("phone").asText("").strip();
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() >= 10) { // a shorter run of digits turns up by chance, e.g. in timestamps
            // Every phone here is German, typed internationally or nationally.
            String e164 = phone.startsWith("+") ? "+" + digits : "+49" + digits.substring(1);
            secrets.add(phone);
            secrets.add(e164);
            secrets.add(e164.substring(1));
        }
        return lead;
    }

    private void accepted(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
        leadIds.add(TestLeads.leadId(response));
    }

    private static void duplicate(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
    }

    private static boolean isFinal(String leadId) {
        HttpResponse<String> lead = api.getAuthenticated("/leads/" + leadId);
        return lead.statusCode() == 200 && Set.of("ASSIGNED", "NURTURE", "UNASSIGNED", "DISQUALIFIED", "CLOSED")
                .contains(Json.parse(lead.body()).path("status").asText());
    }

    /** Writes to {@code original} and into {@code capture}. */
    private static PrintStream tee(PrintStream original, ByteArrayOutputStream capture) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (capture) {
                    capture.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (capture) {
                    capture.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
