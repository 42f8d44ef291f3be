package dev.leadrouter.rules;

import static dev.leadrouter.rules.TestRules.item;
import static dev.leadrouter.rules.TestRules.lead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualifierTest {
    private static final String SETTINGS = "{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"hotScore\":50,\"warmScore\":20}";

    private static RuleSet rules(String... items) {
        return RuleSet.compile(java.util.Arrays.stream(items).map(TestRules::item).toList());
    }

    @Test
    void everyMatchingRuleAddsItsPointsAndTheGradeFollowsTheSettings() {
        RuleSet rules = rules(SETTINGS,
                "{\"ruleId\":\"enterprise\",\"stage\":\"QUALIFICATION\",\"priority\":1,\"points\":30,\"description\":\"big\","
                        + "\"conditions\":[{\"field\":\"employees\",\"op\":\"gte\",\"value\":1000}]}",
                "{\"ruleId\":\"vp\",\"stage\":\"QUALIFICATION\",\"priority\":2,\"points\":\"25\","
                        + "\"conditions\":[{\"field\":\"title\",\"op\":\"contains\",\"value\":\"vp\"}]}",
                "{\"ruleId\":\"us\",\"stage\":\"QUALIFICATION\",\"priority\":3,\"points\":40,"
                        + "\"conditions\":[{\"field\":\"country\",\"op\":\"eq\",\"value\":\"US\"}]}",
                "{\"ruleId\":\"freemail\",\"stage\":\"QUALIFICATION\",\"priority\":4,\"points\":-10,"
                        + "\"conditions\":[{\"field\":\"freeMail\",\"op\":\"eq\",\"value\":true}]}");
        Qualification qualification = Qualifier.score(lead(), rules);
        assertEquals(55, qualification.score());
        assertEquals(Grade.HOT, qualification.grade());
        assertFalse(qualification.disqualified());
        assertEquals(List.of(new Qualification.MatchedRule("enterprise", 30, false, "big"),
                new Qualification.MatchedRule("vp", 25, false, null)), qualification.matchedRules());

        Lead freeMailer = lead();
        freeMailer.freeMail = true;
        freeMailer.title = "Intern";
        assertEquals(20, Qualifier.score(freeMailer, rules).score());
        assertEquals(Grade.WARM, Qualifier.score(freeMailer, rules).grade());
        freeMailer.employees = 5L;
        assertEquals(-10, Qualifier.score(freeMailer, rules).score());
        assertEquals(Grade.COLD, Qualifier.score(freeMailer, rules).grade());
    }

    @Test
    void anyMatchingDisqualifyRuleDisqualifies() {
        RuleSet rules = rules(
                "{\"ruleId\":\"competitor\",\"stage\":\"QUALIFICATION\",\"disqualify\":true,"
                        + "\"conditions\":[{\"field\":\"emailDomain\",\"op\":\"in\",\"value\":[\"rival.com\",\"acme.com\"]}]}",
                "{\"ruleId\":\"big\",\"stage\":\"QUALIFICATION\",\"points\":70}");
        Qualification qualification = Qualifier.score(lead(), rules);
        assertTrue(qualification.disqualified());
        assertEquals(70, qualification.score());
        assertEquals(List.of(new Qualification.MatchedRule("big", 70, false, null),
                        new Qualification.MatchedRule("competitor", 0, true, null)),
                qualification.matchedRules());
        Lead other = lead();
        other.emailDomain = "example.org";
        assertFalse(Qualifier.score(other, rules).disqualified());
    }

    @Test
    void laterRulesSeeTheScoreAccumulatedSoFar() {
        RuleSet rules = rules(
                "{\"ruleId\":\"a\",\"stage\":\"QUALIFICATION\",\"priority\":1,\"points\":40}",
                "{\"ruleId\":\"bonus-if-warm\",\"stage\":\"QUALIFICATION\",\"priority\":2,\"points\":5,"
                        + "\"conditions\":[{\"field\":\"grade\",\"op\":\"eq\",\"value\":\"WARM\"}]}",
                "{\"ruleId\":\"bonus-if-45\",\"stage\":\"QUALIFICATION\",\"priority\":3,\"points\":20,"
                        + "\"conditions\":[{\"field\":\"score\",\"op\":\"gte\",\"value\":45}]}",
                "{\"ruleId\":\"early\",\"stage\":\"QUALIFICATION\",\"priority\":0,\"points\":1,"
                        + "\"conditions\":[{\"field\":\"score\",\"op\":\"gt\",\"value\":0}]}");
        Lead lead = lead();
        lead.score = 99;
        Qualification qualification = Qualifier.score(lead, rules);
        assertEquals(65, qualification.score());
        assertEquals(List.of("a", "bonus-if-warm", "bonus-if-45"),
                qualification.matchedRules().stream().map(Qualification.MatchedRule::ruleId).toList());
    }

    @Test
    void noRulesScoreZeroWithDefaultGrades() {
        Qualification qualification = Qualifier.score(new Lead(), RuleSet.EMPTY);
        assertEquals(new Qualification(0, Grade.COLD, false, List.of()), qualification);
        assertEquals(Grade.HOT, Qualifier.score(new Lead(), RuleSet.compile(List.of(item(
                "{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"hotScore\":0,\"warmScore\":0}")))).grade());
    }
}
