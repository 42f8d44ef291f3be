package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever ops type and whatever a lead holds, compiling and matching never throw. */
class MatchingPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("country", "employees", "annualRevenue", "attributes.x", "freeMail", "score", "title");

    @Property(tries = 500)
    void compilingAndMatchingNeverThrow(@ForAll("conditions") ObjectNode condition, @ForAll("leads") Lead lead) {
        ObjectNode item = NODES.objectNode().put("ruleId", "r").put("stage", "QUALIFICATION").put("points", 1);
        item.putArray("conditions").add(condition);
        RuleSet rules = RuleSet.compile(List.of(item));
        Qualifier.score(lead, rules);
        for (CompiledRule rule : rules.qualificationRules()) {
            rule.matches(lead);
        }
    }

    @Provide
    Arbitrary<ObjectNode> conditions() {
        Arbitrary<String> ops = Arbitraries.of(Op.values()).map(Op::wireName);
        return Combinators.combine(Arbitraries.of(FIELDS), ops, values()).as((field, op, value) -> {
            ObjectNode condition = NODES.objectNode().put("field", field).put("op", op);
            condition.set("value", value);
            return condition;
        });
    }

    private Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                texts().map(NODES::textNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        Arbitrary<JsonNode> array = scalar.list().ofMaxSize(3).map(elements -> {
            var node = NODES.arrayNode();
            elements.forEach(node::add);
            return node;
        });
        return Arbitraries.oneOf(scalar, array);
    }

    private Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("10", " 1e3 ", "-0.5", "2026-03-01", "2026-03-01T10:00:00Z", "2026-99-99", "1e99999", "NaN",
                        "(", "[a-", "a{2,1}", "de", ""));
    }

    @Provide
    Arbitrary<Lead> leads() {
        return Combinators.combine(texts(), Arbitraries.longs().injectNull(0.3), Arbitraries.doubles().injectNull(0.3), texts())
                .as((country, employees, revenue, attribute) -> {
                    Lead lead = new Lead();
                    lead.country = country;
                    lead.employees = employees;
                    lead.annualRevenue = revenue;
                    lead.title = attribute;
                    lead.attributes.put("x", attribute);
                    return lead;
                });
    }
}
