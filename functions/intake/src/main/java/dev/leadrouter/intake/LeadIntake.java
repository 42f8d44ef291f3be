package dev.leadrouter.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.leadrouter.cleanse.DedupeKey;
import dev.leadrouter.cleanse.LeadCleanser;
import dev.leadrouter.cleanse.LeadValidator;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.domain.Touchpoint;
import dev.leadrouter.domain.TouchpointSummary;
import dev.leadrouter.json.Json;
import dev.leadrouter.lifecycle.LeadTransitions;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.Publisher;
import dev.leadrouter.queue.LeadMessage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The front door shared by every entry point (forms, webhooks, CRM imports): validates, cleanses,
 * stores a lead once — uniqueness claims on the dedupe key, the CRM external id and the idempotency
 * key are written in the same transaction as the lead — and hands it to qualification.
 */
public class LeadIntake {
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    /**
     * However often a person submits, the lead's item stays far below DynamoDB's 400 KB: it keeps at most
     * {@value #MAX_TOUCHPOINTS} recent touchpoints, and older ones are folded into {@code earlierTouchpoints}.
     * The one-update append takes only touchpoints of at most {@value #SMALL_TOUCHPOINT_BYTES} bytes; the
     * read-modify-write path also folds the oldest while the kept ones exceed {@value #KEPT_TOUCHPOINT_BYTES}
     * bytes. So the kept touchpoints never exceed KEPT + MAX x SMALL bytes (176 KiB), next to a body of at
     * most 32 KiB.
     */
    static final int MAX_TOUCHPOINTS = 20;
    static final int SMALL_TOUCHPOINT_BYTES = 4 * 1024;
    static final int KEPT_TOUCHPOINT_BYTES = 96 * 1024;
    private static final int MAX_ATTEMPTS = 8;
    private static final Log LOG = Log.of(LeadIntake.class);
    private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    /** What became of a submission. */
    public sealed interface Outcome {
        int status();

        Object body();
    }

    /** Stored; {@code warnings} name the fields that could not be cleansed (kept raw). */
    public record Accepted(String leadId, List<FieldError> warnings) implements Outcome {
        public int status() {
            return 202;
        }

        public Object body() {
            return withWarnings(leadId, "status", LeadStatus.RECEIVED.name(), warnings);
        }
    }

    public record Duplicate(String leadId, List<FieldError> warnings) implements Outcome {
        public int status() {
            return 200;
        }

        public Object body() {
            return withWarnings(leadId, "duplicate", true, warnings);
        }
    }

    /** {@code {"leadId", <name>: <value>, "warnings"}}, warnings only when there are any. */
    private static Map<String, Object> withWarnings(String leadId, String name, Object value, List<FieldError> warnings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leadId", leadId);
        body.put(name, value);
        if (!warnings.isEmpty()) {
            body.put("warnings", warnings);
        }
        return body;
    }

    /** The Idempotency-Key was first used with another body: nothing is stored. */
    public record KeyReused() implements Outcome {
        public int status() {
            return 422;
        }

        public Object body() {
            return Map.of("errors", List.of(new FieldError("Idempotency-Key",
                    "this Idempotency-Key was already used with a different body; use a new key for a new lead")));
        }
    }

    public record Invalid(List<FieldError> errors) implements Outcome {
        public int status() {
            return 400;
        }

        public Object body() {
            return Map.of("errors", errors);
        }
    }

    /** The answer first given for this idempotency key. */
    public record Replayed(int status, JsonNode body) implements Outcome {
    }

    /** Stored, but the hand-off to qualification failed: the client retries; the sweep also pushes it on. */
    public record NotQueued(String leadId) implements Outcome {
        public int status() {
            return 503;
        }

        public Object body() {
            return Map.of("errors", List.of(new FieldError(null,
                    "lead " + leadId + " was stored but could not be queued; retry with the same Idempotency-Key")));
        }
    }

    private final LeadValidator validator = new LeadValidator();
    private final LeadCleanser cleanser = new LeadCleanser();
    private final Leads leads;
    private final Publisher publisher;
    private final Config config;
    private final Clock clock;

    public LeadIntake(Leads leads, Publisher publisher, Config config, Clock clock) {
        this.leads = leads;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    public Outcome submit(JsonNode body, Source defaultSource, boolean externalIdRequired, String idempotencyKey) {
        return submit(body, defaultSource, externalIdRequired, idempotencyKey, lead -> {
        });
    }

    /**
     * As {@link #submit(JsonNode, Source, boolean, String)}; {@code adapt} marks the cleansed lead with what
     * its adapter knows beyond the body (e.g. a platform's test flag) before it is stored.
     */
    public Outcome submit(JsonNode body, Source defaultSource, boolean externalIdRequired, String idempotencyKey,
                          Consumer<Lead> adapt) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            return new Invalid(List.of(new FieldError("Idempotency-Key", "must be 1 to 200 characters")));
        }
        Idempotency idem = idempotencyKey == null ? null : new Idempotency("IDEM#" + idempotencyKey, requestHash(body));
        if (idem != null) {
            Optional<Outcome> earlier = replay(idem);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        LeadValidator.Result checked = validator.check(body, externalIdRequired);
        if (!checked.errors().isEmpty()) {
            return new Invalid(checked.errors());
        }
        Lead lead = cleanser.cleanse(body, defaultSource);
        lead.warnings = checked.warnings().isEmpty() ? null : checked.warnings();
        adapt.accept(lead);
        return store(lead, idem);
    }

    /** An idempotency record's key and the hash of the request it was first used with. */
    private record Idempotency(String key, String requestHash) {
    }

    /** SHA-256 of the body with its keys sorted: the same JSON sent again has the same hash, however spaced. */
    private static String requestHash(JsonNode body) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(body);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a JSON tree always hashes", e);
        }
    }

    private Outcome store(Lead lead, Idempotency idem) {
        String idemKey = idem == null ? null : idem.key();
        List<FieldError> warnings = lead.warnings == null ? List.of() : lead.warnings;
        Instant now = clock.instant();
        lead.leadId = UUID.randomUUID().toString();
        LeadTransitions.receive(lead, now, now.plus(config.stuckAfter()));
        List<String> dedupeKeys = DedupeKey.all(lead);
        String externalKey = lead.externalId == null ? null : "EXT#" + lead.source + "#" + lead.externalId;
        Map<String, String> staleDedupeTargets = new HashMap<>();

        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Leads.Claim> claims = new ArrayList<>();
            if (idemKey != null) {
                claims.add(Leads.Claim.idempotency(idemKey, idem.requestHash(), now.plus(IDEMPOTENCY_TTL)));
            }
            if (externalKey != null) {
                claims.add(Leads.Claim.of(externalKey));
            }
            for (String dedupeKey : dedupeKeys) {
                String stale = staleDedupeTargets.get(dedupeKey);
                claims.add(stale == null ? Leads.Claim.of(dedupeKey) : Leads.Claim.takeOver(dedupeKey, stale));
            }

            Leads.Creation creation = leads.create(lead, claims);
            if (creation instanceof Leads.Created) {
                LOG.info("lead received", "leadId", lead.leadId, "source", lead.source);
                Metrics.leadReceived(lead.source);
                return handOff(LeadMessage.qualify(lead), idem, new Accepted(lead.leadId, warnings));
            }
            if (!(creation instanceof Leads.Duplicate(Leads.Claim claim, String existing))) {
                continue; // a concurrent transaction touched the same keys: try again
            }
            String key = claim.key();
            if (key.equals(idemKey)) {
                Optional<Outcome> earlier = replay(idem);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
                continue;
            }
            if (key.equals(externalKey)) {
                boolean notHandedOn = Optional.ofNullable(existing).flatMap(leads::get)
                        .map(held -> held.status == LeadStatus.RECEIVED).orElse(false);
                if (notHandedOn) {
                    pushOn(existing); // a redelivered record whose first hand-off failed: finish the job
                }
                Metrics.leadDuplicate(lead.source);
                return remember(idem, new Duplicate(existing, warnings));
            }
            Optional<Lead> holder = existing == null ? Optional.empty() : leads.openLead(existing);
            if (holder.isEmpty()) {
                // The earlier lead is closed: this person starts a new lead, which takes over in one go every
                // dedupe key the closed lead may hold (a claim the closed lead does not hold must be free).
                staleDedupeTargets.put(key, existing);
                for (String other : dedupeKeys) {
                    staleDedupeTargets.putIfAbsent(other, existing);
                }
                continue;
            }
            if (addTouchpoint(holder.get(), lead)) {
                LOG.info("duplicate lead added as touchpoint", "leadId", existing, "source", lead.source);
                if (holder.get().status == LeadStatus.RECEIVED) {
                    pushOn(existing); // its hand-off may have failed earlier: a resubmission finishes the job
                }
                Metrics.leadDuplicate(lead.source);
                return remember(idem, new Duplicate(existing, warnings));
            }
        }
        throw new IllegalStateException("could not store lead after " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * Appends the submission to the holder's touchpoints in one conditional update, so simultaneous
     * duplicates never contend; a large touchpoint, or a lead that already keeps the most, takes the
     * read-modify-write path that folds the oldest into the summary. False when the open {@code holder} is
     * closed (or gone) before the submission is on it.
     */
    private boolean addTouchpoint(Lead holder, Lead submission) {
        Touchpoint touchpoint = new Touchpoint(clock.instant().toString(),
                submission.source == null ? null : submission.source.name(), submission.campaign, submission.message,
                submission.externalId, submission.attributes);
        if (bytes(touchpoint) <= SMALL_TOUCHPOINT_BYTES) {
            Leads.Append appended = leads.appendTouchpoint(holder.leadId, touchpoint, MAX_TOUCHPOINTS,
                    clock.instant().toString());
            if (appended != Leads.Append.FULL) {
                return appended == Leads.Append.APPENDED;
            }
        }
        Lead current = holder;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            current.touchpoints.add(touchpoint);
            foldOldTouchpoints(current);
            current.updatedAt = clock.instant().toString();
            if (leads.saveIfVersion(current)) {
                return true;
            }
            Optional<Lead> reread = leads.openLead(current.leadId);
            if (reread.isEmpty()) {
                return false; // closed meanwhile: the caller starts a new lead
            }
            current = reread.get();
        }
        throw new IllegalStateException("could not add touchpoint to lead " + holder.leadId);
    }

    /** Folds the oldest touchpoints into the summary until the kept ones are within both bounds. */
    static void foldOldTouchpoints(Lead lead) {
        long bytes = lead.touchpoints.stream().mapToLong(LeadIntake::bytes).sum();
        while (!lead.touchpoints.isEmpty()
                && (lead.touchpoints.size() > MAX_TOUCHPOINTS || bytes > KEPT_TOUCHPOINT_BYTES)) {
            Touchpoint oldest = lead.touchpoints.removeFirst();
            bytes -= bytes(oldest);
            lead.earlierTouchpoints = (lead.earlierTouchpoints == null ? TouchpointSummary.NONE : lead.earlierTouchpoints)
                    .plus(oldest);
        }
    }

    private static long bytes(Touchpoint touchpoint) {
        return Json.write(touchpoint).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * Sends the lead to qualification, then, once it is out, records the answer for its idempotency key (an
     * import's record whose message was not accepted comes back, and is queued then).
     */
    private Outcome handOff(LeadMessage toQualification, Idempotency idem, Outcome outcome) {
        try {
            publisher.qualify(toQualification);
        } catch (RuntimeException e) {
            LOG.error("lead stored but not queued for qualification", e, "leadId", toQualification.leadId());
            return new NotQueued(toQualification.leadId());
        }
        publisher.afterSent(() -> remember(idem, outcome));
        return outcome;
    }

    private void pushOn(String leadId) {
        try {
            publisher.qualify(LeadMessage.qualify(leadId));
        } catch (RuntimeException e) {
            LOG.warn("could not re-queue a received lead; the sweep will", "leadId", leadId);
        }
    }

    private Outcome remember(Idempotency idem, Outcome outcome) {
        if (idem != null) {
            Instant now = clock.instant();
            String leadId = outcome instanceof Accepted a ? a.leadId() : ((Duplicate) outcome).leadId();
            leads.rememberAnswer(idem.key(), leadId, idem.requestHash(), outcome.status(), Json.write(outcome.body()),
                    now, now.plus(IDEMPOTENCY_TTL));
        }
        return outcome;
    }

    /**
     * The first answer for this key; a stored but not yet queued lead is queued now. A key first used with
     * another body answers 422 (records from before hashes were kept have none and replay as before).
     */
    private Optional<Outcome> replay(Idempotency idem) {
        Optional<Leads.IdempotencyRecord> record = leads.idempotency(idem.key());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Leads.IdempotencyRecord item = record.get();
        if (item.requestHash() != null && !idem.requestHash().equals(item.requestHash())) {
            return Optional.of(new KeyReused());
        }
        if (item.answerStatus() != null) {
            return Optional.of(new Replayed(item.answerStatus(), Json.parse(item.answerBody())));
        }
        String leadId = item.leadId();
        return Optional.of(handOff(LeadMessage.qualify(leadId), idem, new Accepted(leadId, List.of())));
    }
}
