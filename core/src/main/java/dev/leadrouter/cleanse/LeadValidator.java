package dev.leadrouter.cleanse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a {@code POST /leads} body (or a CRM import message) and reports every problem at once,
 * each as a field and a message a form developer can act on. Unknown fields are not problems: the
 * cleanser keeps them under {@code attributes}. Never throws, whatever JSON it is given.
 * <p>
 * {@link #check} sorts the problems into errors, which reject the lead, and warnings: a lead with a usable
 * email or phone is never lost to a field that is only wrong; that field keeps its raw value.
 */
public class LeadValidator {
    /** The top-level fields of a {@code POST /leads} body; any other one is kept under {@code attributes}. */
    public static final Set<String> CONTRACT_FIELDS = Set.of("email", "phone", "firstName", "lastName", "company",
            "title", "country", "region", "city", "employees", "annualRevenue", "industry", "product", "language",
            "source", "campaign", "message", "externalId", "attributes");

    /** Fields whose raw value does not fit their typed slot: it is kept as text under attributes.&lt;field&gt;. */
    static final Set<String> TYPED_FIELDS = Set.of("employees", "annualRevenue", "source", "campaign", "attributes");

    /** What a submission's problems mean: errors reject it; warnings go with the accepted lead. */
    public record Result(List<FieldError> errors, List<FieldError> warnings) {
    }

    static final int MAX_KEY_LENGTH = 100;
    static final int MAX_CAMPAIGN_VALUE_LENGTH = 200;
    static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1000;
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_EMAIL_LOCAL_PART_LENGTH = 64;

    /** Maximum length, in characters after trimming, of each string field. */
    static final Map<String, Integer> STRING_LIMITS = stringLimits();

    private static final String SOURCE_NAMES =
            Arrays.stream(Source.values()).map(Source::name).collect(Collectors.joining(", "));

    /** RFC 5322 dot-atom characters; letters and digits of any script for internationalised addresses. */
    private static final Pattern LOCAL_PART =
            Pattern.compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]++(?:\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]++)*+");
    private static final Pattern DOMAIN_LABEL = Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");
    private static final Pattern TOP_LEVEL_DOMAIN = Pattern.compile("\\p{L}{2,63}|xn--[a-zA-Z0-9-]{1,59}");

    /**
     * Errors, which refuse the lead: the body is not an object, the required externalId is missing or unusable,
     * or there is neither a usable email nor a usable phone; then every problem is reported as an error, so a
     * sender learns all that is wrong at once. Otherwise every problem is a warning and the lead is accepted.
     */
    public Result check(JsonNode body, boolean externalIdRequired) {
        List<FieldError> problems = validate(body, externalIdRequired);
        boolean refused = problems.stream().anyMatch(problem -> "body".equals(problem.field())
                || "externalId".equals(problem.field())) || !(usableEmail(body) || usablePhone(body));
        if (problems.isEmpty() || refused) {
            return new Result(problems, List.of());
        }
        List<FieldError> warnings = new ArrayList<>();
        for (FieldError problem : problems) {
            String field = problem.field() == null ? "" : problem.field();
            warnings.add(new FieldError(field, problem.message()
                    + (problem.message().contains(" at most ") ? "; cut to that length" : keptAs(field))));
        }
        return new Result(List.of(), warnings);
    }

    private static String keptAs(String field) {
        String topLevel = field.contains(".") ? field.substring(0, field.indexOf('.')) : field;
        if (field.startsWith("attributes.") || field.startsWith("campaign.")) {
            return "; kept as text";
        }
        return TYPED_FIELDS.contains(topLevel) ? "; the value sent is kept under attributes." + topLevel
                : "; the value sent is kept";
    }

    private static boolean usableEmail(JsonNode body) {
        JsonNode email = body.get("email");
        return email != null && email.isTextual() && isEmailAddress(email.textValue().strip());
    }

    private static boolean usablePhone(JsonNode body) {
        JsonNode phone = body.get("phone");
        if (phone == null || !phone.isTextual() || length(phone.textValue().strip()) > STRING_LIMITS.get("phone")) {
            return false;
        }
        String country = LeadFields.text(body, "country");
        String region = country == null ? null : Countries.toAlpha2(country).orElse(null);
        return PhoneNumbers.digitCount(phone.textValue()) >= PhoneNumbers.MIN_DIGITS
                && PhoneNumbers.toE164(phone.textValue().strip(), region).isPresent();
    }

    /** Every problem of the body, whether it rejects the lead or not (see {@link #check}). */
    public List<FieldError> validate(JsonNode body, boolean externalIdRequired) {
        if (body == null || !body.isObject()) {
            return List.of(new FieldError("body", "the body must be a JSON object"));
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        STRING_LIMITS.forEach((field, maxLength) -> {
            String text = checkString(body, field, maxLength, errors);
            if (text != null) {
                texts.put(field, text);
            }
        });

        if (LeadFields.isEmpty(body.get("email")) && LeadFields.isEmpty(body.get("phone"))) {
            errors.add(new FieldError("email", "email or phone is required"));
        }
        String email = texts.get("email");
        if (email != null && !isEmailAddress(email)) {
            errors.add(new FieldError("email", "email is not a valid email address"));
        }
        String country = texts.get("country");
        String region = country == null ? null : Countries.toAlpha2(country).orElse(null);
        if (country != null && region == null) {
            errors.add(new FieldError("country",
                    "country '" + country + "' is not a known country: use an ISO 3166 code such as DE or an English name"));
        }
        checkPhone(texts.get("phone"), region, errors);
        String source = texts.get("source");
        if (source != null && LeadFields.source(source).isEmpty()) {
            errors.add(new FieldError("source", "source must be one of " + SOURCE_NAMES));
        }
        if (!LeadFields.isEmpty(body.get("employees")) && LeadFields.employees(body) == null) {
            errors.add(new FieldError("employees",
                    "employees must be a whole number from 0 to " + LeadFields.MAX_EMPLOYEES.toPlainString()));
        }
        if (!LeadFields.isEmpty(body.get("annualRevenue")) && LeadFields.annualRevenue(body) == null) {
            errors.add(new FieldError("annualRevenue",
                    "annualRevenue must be a number from 0 to " + LeadFields.MAX_ANNUAL_REVENUE.toPlainString()));
        }
        checkCampaign(body.get("campaign"), errors);
        checkAttributes(body.get("attributes"), errors);
        if (externalIdRequired && LeadFields.isEmpty(body.get("externalId"))) {
            errors.add(new FieldError("externalId", "externalId is required"));
        }
        return errors;
    }

    private static Map<String, Integer> stringLimits() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("email", MAX_EMAIL_LENGTH);
        limits.put("phone", 50);
        LeadFields.NAME_FIELDS.forEach(field -> limits.put(field, 200));
        limits.put("country", 100);
        limits.put("language", 35);
        limits.put("source", 50);
        limits.put("message", 5000);
        limits.put("externalId", 200);
        return limits;
    }

    /** The trimmed text of a string field when it is one and fits; null otherwise, with the error recorded. */
    private static String checkString(JsonNode body, String field, int maxLength, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (LeadFields.isEmpty(value)) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, field + " must be a string"));
            return null;
        }
        String text = value.textValue().strip();
        if (length(text) > maxLength) {
            errors.add(new FieldError(field, field + " must be at most " + maxLength + " characters"));
            return null;
        }
        return text;
    }

    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    static boolean isEmailAddress(String email) {
        int at = email.lastIndexOf('@');
        if (length(email) > MAX_EMAIL_LENGTH || at != email.indexOf('@') || at < 1) {
            return false;
        }
        String localPart = email.substring(0, at);
        String[] labels = email.substring(at + 1).split("\\.", -1);
        if (length(localPart) > MAX_EMAIL_LOCAL_PART_LENGTH || !LOCAL_PART.matcher(localPart).matches()
                || labels.length < 2 || !TOP_LEVEL_DOMAIN.matcher(labels[labels.length - 1]).matches()) {
            return false;
        }
        return Arrays.stream(labels).allMatch(label -> DOMAIN_LABEL.matcher(label).matches());
    }

    private static void checkPhone(String phone, String region, List<FieldError> errors) {
        if (phone == null) {
            return;
        }
        if (PhoneNumbers.digitCount(phone) < PhoneNumbers.MIN_DIGITS) {
            errors.add(new FieldError("phone", "phone must contain at least " + PhoneNumbers.MIN_DIGITS + " digits"));
        } else if (PhoneNumbers.toE164(phone, region).isEmpty()) {
            errors.add(new FieldError("phone", region == null
                    ? "phone is not a valid phone number: give it with its country code (e.g. +49 30 1234567) or send the lead's country"
                    : "phone is not a valid phone number for country " + region));
        }
    }

    private static void checkCampaign(JsonNode campaign, List<FieldError> errors) {
        if (campaign == null || campaign.isNull()) {
            return;
        }
        if (!campaign.isObject()) {
            errors.add(new FieldError("campaign", "campaign must be an object of strings, e.g. {\"utmSource\": \"google\"}"));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : campaign.properties()) {
            if (!checkKey("campaign", entry.getKey(), errors) || entry.getValue().isNull()) {
                continue;
            }
            String field = "campaign." + entry.getKey();
            if (!entry.getValue().isTextual()) {
                errors.add(new FieldError(field, field + " must be a string"));
            } else if (length(entry.getValue().textValue().strip()) > MAX_CAMPAIGN_VALUE_LENGTH) {
                errors.add(new FieldError(field, field + " must be at most " + MAX_CAMPAIGN_VALUE_LENGTH + " characters"));
            }
        }
    }

    private static void checkAttributes(JsonNode attributes, List<FieldError> errors) {
        if (attributes == null || attributes.isNull()) {
            return;
        }
        if (!attributes.isObject()) {
            errors.add(new FieldError("attributes", "attributes must be an object, e.g. {\"plan\": \"pro\"}"));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : attributes.properties()) {
            if (!checkKey("attributes", entry.getKey(), errors) || entry.getValue().isNull()) {
                continue;
            }
            String field = "attributes." + entry.getKey();
            String text = LeadFields.attributeText(entry.getValue());
            if (text == null) {
                errors.add(new FieldError(field, field + " must be a string, number or boolean"));
            } else if (length(text) > MAX_ATTRIBUTE_VALUE_LENGTH) {
                errors.add(new FieldError(field, field + " must be at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters"));
            }
        }
    }

    /** Whether a key of a campaign or attributes object is usable, recording an error when it is not. */
    private static boolean checkKey(String object, String key, List<FieldError> errors) {
        if (key.isBlank() || length(key) > MAX_KEY_LENGTH) {
            errors.add(new FieldError(object, object + " keys must be 1 to " + MAX_KEY_LENGTH + " characters"));
            return false;
        }
        return true;
    }
}
