package dev.leadrouter.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import java.util.List;

/** Builders shared by the rule tests: items written as JSON, as ops would type them. */
final class TestRules {
    private TestRules() {
    }

    static ObjectNode item(String json) {
        return (ObjectNode) Json.parse(json);
    }

    /** A valid QUALIFICATION rule worth 10 points with the given conditions (a JSON array) and match mode. */
    static ObjectNode qualification(String ruleId, String match, String conditions) {
        return item("{\"ruleId\":\"" + ruleId + "\",\"stage\":\"QUALIFICATION\",\"points\":10,\"match\":\"" + match
                + "\",\"conditions\":" + conditions + "}");
    }

    /** Compiles a single-condition rule, failing the test if it is invalid. */
    static CompiledRule condition(String field, String op, String valueJson) {
        String condition = "{\"field\":\"" + field + "\",\"op\":\"" + op + "\""
                + (valueJson == null ? "" : ",\"value\":" + valueJson) + "}";
        return compiled(qualification("r", "ALL", "[" + condition + "]"));
    }

    static CompiledRule compiled(ObjectNode item) {
        RuleSet rules = RuleSet.compile(List.of(item));
        assertEquals(List.of(), rules.invalidRules(), "rule should be valid");
        List<CompiledRule> all = rules.qualificationRules().isEmpty() ? rules.routingRules() : rules.qualificationRules();
        assertEquals(1, all.size());
        return all.get(0);
    }

    static Lead lead() {
        Lead lead = new Lead();
        lead.email = "jane.doe@acme.com";
        lead.emailDomain = "acme.com";
        lead.freeMail = false;
        lead.company = "Acme GmbH";
        lead.title = "VP Sales";
        lead.country = "DE";
        lead.employees = 1200L;
        lead.annualRevenue = 5.0E7;
        lead.industry = "Software";
        lead.language = "de";
        return lead;
    }
}
