package dev.leadrouter.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules table compiled once: settings, the enabled valid QUALIFICATION and ROUTING rules in
 * the order they run (ascending priority, absent priority = 0, ties by ruleId), and the invalid
 * items with their reasons. Immutable.
 */
public final class RuleSet {
    private static final Comparator<CompiledRule> RUN_ORDER =
            Comparator.comparingDouble(CompiledRule::priority).thenComparing(CompiledRule::ruleId);
    private static final ObjectWriter CANONICAL = Json.MAPPER.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);

    public static final RuleSet EMPTY = compile(List.of());

    private final Settings settings;
    private final List<CompiledRule> qualificationRules;
    private final List<CompiledRule> routingRules;
    private final List<InvalidRule> invalidRules;
    private final long version;

    private RuleSet(Settings settings, List<CompiledRule> qualificationRules, List<CompiledRule> routingRules,
                    List<InvalidRule> invalidRules, long version) {
        this.settings = settings;
        this.qualificationRules = List.copyOf(qualificationRules);
        this.routingRules = List.copyOf(routingRules);
        this.invalidRules = List.copyOf(invalidRules);
        this.version = version;
    }

    /**
     * The settings one settings item yields, read exactly as routing reads it (bad values replaced by their
     * defaults), so that whatever else uses a setting, such as the expiry of a notification's links, agrees with it.
     */
    public static Settings settingsOf(ObjectNode settingsItem) {
        Settings settings = RuleCompiler.compile(settingsItem).settings();
        return settings == null ? Settings.DEFAULTS : settings;
    }

    /** Compiles rule items as read from the rules table. Never throws for bad item content: such items become invalid rules. */
    public static RuleSet compile(Collection<ObjectNode> items) {
        Settings settings = Settings.DEFAULTS;
        List<CompiledRule> qualification = new ArrayList<>();
        List<CompiledRule> routing = new ArrayList<>();
        List<InvalidRule> invalid = new ArrayList<>();
        for (ObjectNode item : items) {
            RuleCompiler.Result result = RuleCompiler.compile(item);
            if (!result.problems().isEmpty()) {
                invalid.add(new InvalidRule(result.ruleId(), String.join("; ", result.problems())));
            }
            if (result.settings() != null) {
                settings = result.settings();
            }
            CompiledRule rule = result.rule();
            if (rule != null && result.enabled()) {
                (rule.stage() == Stage.QUALIFICATION ? qualification : routing).add(rule);
            }
        }
        qualification.sort(RUN_ORDER);
        routing.sort(RUN_ORDER);
        invalid.sort(Comparator.comparing(InvalidRule::ruleId, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new RuleSet(settings, qualification, routing, invalid, fingerprint(items));
    }

    /**
     * A fingerprint of the items' content, independent of their order and of the order of
     * attributes within them: equal content gives an equal fingerprint, so a reload can skip compiling.
     */
    public static long fingerprint(Collection<ObjectNode> items) {
        List<String> canonical = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            canonical.add(canonicalText(item));
        }
        canonical.sort(Comparator.naturalOrder());
        MessageDigest digest = sha256();
        for (String text : canonical) {
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return ByteBuffer.wrap(digest.digest()).getLong();
    }

    private static String canonicalText(JsonNode item) {
        try {
            return CANONICAL.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Enabled valid QUALIFICATION rules in the order they run. */
    public List<CompiledRule> qualificationRules() {
        return qualificationRules;
    }

    /** Enabled valid ROUTING rules in the order they are tried. */
    public List<CompiledRule> routingRules() {
        return routingRules;
    }

    /** Every invalid item, enabled or not (ops want to know before they enable one), ordered by ruleId. */
    public List<InvalidRule> invalidRules() {
        return invalidRules;
    }

    /** Fingerprint of the items this set was compiled from (see {@link #fingerprint}). */
    public long version() {
        return version;
    }

    /** A ROUTING rule tried for a lead, in the order they run, and whether the lead met it. */
    public record RuleTried(String ruleId, double priority, String team, boolean matched) {
    }

    /** Every ROUTING rule tried for the lead, in order, up to and including the first that matched. */
    public List<RuleTried> routingRulesTried(Lead lead) {
        List<RuleTried> tried = new ArrayList<>();
        for (CompiledRule rule : routingRules) {
            boolean matched = rule.matches(lead);
            tried.add(new RuleTried(rule.ruleId(), rule.priority(), rule.team(), matched));
            if (matched) {
                break;
            }
        }
        return tried;
    }

    /** The first ROUTING rule, by priority, that the lead matches: the one that decides its team. */
    public Optional<CompiledRule> firstRoutingMatch(Lead lead) {
        for (CompiledRule rule : routingRules) {
            if (rule.matches(lead)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
