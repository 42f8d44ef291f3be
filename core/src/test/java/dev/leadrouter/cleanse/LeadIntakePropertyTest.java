package dev.leadrouter.cleanse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Source;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** Whatever JSON arrives, validation answers with errors and never fails; what it accepts always cleanses. */
class LeadIntakePropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("email", "phone", "firstName", "lastName", "company", "title",
            "country", "region", "city", "employees", "annualRevenue", "industry", "product", "language", "source",
            "campaign", "message", "externalId", "attributes");

    private final LeadValidator validator = new LeadValidator();
    private final LeadCleanser cleanser = new LeadCleanser();

    @Property
    void acceptedBodiesAlwaysCleanseToALeadWithAnEmailOrAPhone(@ForAll("bodies") JsonNode body,
                                                                @ForAll boolean externalIdRequired) {
        List<FieldError> errors = validator.validate(body, externalIdRequired);
        Statistics.label("outcome").collect(errors.isEmpty() ? "accepted" : "rejected");
        if (errors.isEmpty()) {
            Lead lead = cleanser.cleanse(body, Source.WEB_FORM);
            assertTrue(lead.email != null || lead.phone != null, body::toString);
            assertTrue(DedupeKey.of(lead).isPresent());
            assertTrue(lead.country == null || Countries.alpha2Codes().contains(lead.country));
            assertTrue(lead.phone == null || lead.phone.startsWith("+"), lead.phone);
        } else {
            assertTrue(errors.stream().allMatch(e -> e.field() != null && !e.message().isBlank()));
        }
        Statistics.label("outcome").coverage(coverage -> coverage.check("accepted").percentage(p -> p >= 10));
    }

    @Provide
    Arbitrary<JsonNode> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, json(3)),
                Tuple.of(2, randomObjects()),
                Tuple.of(7, mutatedValidBodies()));
    }

    /** A valid body with some fields replaced by anything, removed, or set to plausible-looking values. */
    private Arbitrary<JsonNode> mutatedValidBodies() {
        Arbitrary<Map.Entry<String, JsonNode>> mutation = Combinators.combine(
                Arbitraries.of(FIELDS),
                Arbitraries.frequencyOf(Tuple.of(2, plausibleValues()), Tuple.of(1, json(2)))
        ).as(Map::entry);
        return mutation.list().ofMaxSize(2).map(mutations -> {
            ObjectNode body = LeadBodies.contractExample();
            mutations.forEach(m -> {
                if (m.getValue().isMissingNode()) {
                    body.remove(m.getKey());
                } else {
                    body.set(m.getKey(), m.getValue());
                }
            });
            return body;
        });
    }

    private Arbitrary<JsonNode> randomObjects() {
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<JsonNode> values = Arbitraries.frequencyOf(Tuple.of(3, plausibleValues()), Tuple.of(1, json(2)));
        return Arbitraries.maps(keys, values).ofMaxSize(10).map(map -> {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, value) -> {
                if (!value.isMissingNode()) {
                    object.set(key, value);
                }
            });
            return object;
        });
    }

    /** Values that are close to right: the interesting edges of each field. */
    private Arbitrary<JsonNode> plausibleValues() {
        return Arbitraries.<JsonNode>of(
                NODES.missingNode(), NODES.nullNode(), NODES.textNode(""), NODES.textNode("  "),
                NODES.textNode("a@b.co"), NODES.textNode(" Jane.Doe@ACME.com "), NODES.textNode("x@y"),
                NODES.textNode("@"), NODES.textNode("jane@gmail.com"),
                NODES.textNode("+49 30 1234567"), NODES.textNode("030 1234567"), NODES.textNode("+1 (555) 010-0199"),
                NODES.textNode("12"), NODES.textNode("+999 1234"), NODES.textNode("phone me"),
                NODES.textNode("DE"), NODES.textNode("usa"), NODES.textNode("Germany"), NODES.textNode("Atlantis"),
                NODES.textNode("web_form"), NODES.textNode("FAX"),
                NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(1200), NODES.numberNode(10_000_001),
                NODES.numberNode(1.5), NODES.numberNode(Double.NaN), NODES.numberNode(Double.NEGATIVE_INFINITY),
                NODES.numberNode(new BigDecimal("1e999999999")), NODES.numberNode(new BigInteger("9".repeat(40))),
                NODES.booleanNode(true),
                NODES.objectNode().put("utmSource", "google").put("n", 1),
                NODES.objectNode().put("plan", "pro").put("seats", 3).put("trial", false),
                NODES.textNode("x".repeat(6000)));
    }

    /** Any JSON value, nested up to {@code depth} levels. */
    private Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.bigDecimals().map(NODES::numberNode));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> arrays = json(depth - 1).list().ofMaxSize(4).map(elements -> {
            ArrayNode array = NODES.arrayNode();
            elements.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(6)),
                json(depth - 1)).ofMaxSize(5).map(map -> {
                    ObjectNode object = NODES.objectNode();
                    map.forEach(object::set);
                    return object;
                });
        return Arbitraries.frequencyOf(Tuple.of(3, scalars), Tuple.of(1, arrays), Tuple.of(1, objects));
    }
}
