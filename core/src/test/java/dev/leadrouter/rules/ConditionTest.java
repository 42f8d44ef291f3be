package dev.leadrouter.rules;

import static dev.leadrouter.rules.TestRules.condition;
import static dev.leadrouter.rules.TestRules.lead;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {
    private final Lead lead = lead();

    private boolean matches(String field, String op, String value) {
        return condition(field, op, value).matches(lead);
    }

    @Nested
    class Equality {
        @Test
        void textIgnoresCase() {
            assertTrue(matches("country", "eq", "\"de\""));
            assertTrue(matches("industry", "eq", "\"SOFTWARE\""));
            assertFalse(matches("country", "eq", "\"FR\""));
        }

        @Test
        void numbersCompareAsNumbersWhetherTypedAsNumberOrText() {
            assertTrue(matches("employees", "eq", "1200"));
            assertTrue(matches("employees", "eq", "\"1200\""));
            assertTrue(matches("employees", "eq", "\"1200.00\""));
            assertTrue(matches("annualRevenue", "eq", "50000000"));
            assertFalse(matches("employees", "eq", "1201"));
        }

        @Test
        void numericTextOnTheLeadComparesAsNumber() {
            lead.attributes.put("seats", "0250");
            assertTrue(matches("attributes.seats", "eq", "250"));
            assertTrue(matches("attributes.seats", "ne", "251"));
        }

        @Test
        void longNumericIdsDoNotCompareEqualByRounding() {
            lead.externalId = "12345678901234567891";
            assertFalse(matches("externalId", "eq", "\"12345678901234567890\""));
            assertTrue(matches("externalId", "eq", "\"12345678901234567891\""));
        }

        @Test
        void mixedTypesFallBackToText() {
            assertFalse(matches("country", "eq", "10"));
            assertTrue(matches("country", "ne", "10"));
            assertTrue(matches("freeMail", "eq", "false"));
            assertTrue(matches("freeMail", "eq", "\"FALSE\""));
        }

        @Test
        void neIsTheOppositeOfEq() {
            assertFalse(matches("country", "ne", "\"de\""));
            assertTrue(matches("country", "ne", "\"FR\""));
        }
    }

    @Nested
    class Membership {
        @Test
        void inMatchesAnyElementIgnoringCase() {
            assertTrue(matches("country", "in", "[\"fr\",\"de\",\"gb\"]"));
            assertFalse(matches("country", "in", "[\"FR\",\"GB\"]"));
            assertTrue(matches("country", "not_in", "[\"FR\",\"GB\"]"));
            assertFalse(matches("country", "not_in", "[\"De\"]"));
        }

        @Test
        void numbersInListsMatchNumericallyWhetherNumbersOrText() {
            assertTrue(matches("employees", "in", "[10, 1200]"));
            assertTrue(matches("employees", "in", "[\"10\", \"1200.0\"]"));
            lead.attributes.put("tier", "2");
            assertTrue(matches("attributes.tier", "in", "[1, 2.0]"));
            assertFalse(matches("attributes.tier", "in", "[1, 3]"));
        }
    }

    @Nested
    class Ordering {
        @ParameterizedTest
        @CsvSource({
            "gt, 1000, true", "gt, 1200, false", "gte, 1200, true", "gte, 1201, false",
            "lt, 1201, true", "lt, 1200, false", "lte, 1200, true", "lte, 1199, false",
            "gt, \"1000\", true", "lt, \"1e4\", true", "gte, 1199.5, true"})
        void comparesNumbers(String op, String value, boolean expected) {
            assertTrue(matches("employees", op, value) == expected);
        }

        @Test
        void numericTextOnTheLeadComparesAsNumber() {
            lead.attributes.put("budget", " 25000 ");
            assertTrue(matches("attributes.budget", "gt", "9999"));
            lead.attributes.put("budget", "a lot");
            assertFalse(matches("attributes.budget", "gt", "9999"));
            assertFalse(matches("attributes.budget", "lt", "9999"));
        }

        @Test
        void comparesIsoDates() {
            lead.attributes.put("renewal", "2026-03-01");
            assertTrue(matches("attributes.renewal", "gt", "\"2026-02-28\""));
            assertTrue(matches("attributes.renewal", "lt", "\"2026-03-01T00:00:01Z\""));
            assertFalse(matches("attributes.renewal", "lt", "\"2026-03-01\""));
            lead.attributes.put("renewal", "2026-03-01T01:00:00+02:00");
            assertTrue(matches("attributes.renewal", "lt", "\"2026-03-01\""));
        }

        @Test
        void betweenIncludesBothEnds() {
            assertTrue(matches("employees", "between", "[1200, 5000]"));
            assertTrue(matches("employees", "between", "[\"100\", \"1200\"]"));
            assertFalse(matches("employees", "between", "[1, 1199]"));
            assertTrue(matches("country", "between", "[\"a\", \"E\"]"));
            assertFalse(matches("country", "between", "[\"F\", \"Z\"]"));
            lead.attributes.put("renewal", "2026-03-01");
            assertTrue(matches("attributes.renewal", "between", "[\"2026-01-01\", \"2026-12-31\"]"));
        }
    }

    @Nested
    class Text {
        @Test
        void containsStartsEndsIgnoreCase() {
            assertTrue(matches("title", "contains", "\"sales\""));
            assertTrue(matches("title", "starts_with", "\"vp\""));
            assertTrue(matches("company", "ends_with", "\"GMBH\""));
            assertFalse(matches("company", "starts_with", "\"GmbH\""));
        }

        @Test
        void numbersAreReadAsPlainDigits() {
            assertTrue(matches("annualRevenue", "starts_with", "\"500\""));
            assertTrue(matches("employees", "contains", "20"));
        }

        @Test
        void matchesFindsTheRegexAnywhereIgnoringCase() {
            assertTrue(matches("title", "matches", "\"\\\\b(vp|chief)\\\\b\""));
            assertTrue(matches("email", "matches", "\"@ACME\\\\.com$\""));
            assertFalse(matches("title", "matches", "\"^sales\""));
        }
    }

    @Nested
    class MissingFields {
        @Test
        void existsMeansPresentAndNotBlank() {
            assertTrue(matches("company", "exists", null));
            assertFalse(matches("phone", "exists", null));
            assertTrue(matches("phone", "not_exists", null));
            lead.phone = "  ";
            assertFalse(matches("phone", "exists", null));
            assertTrue(matches("freeMail", "exists", null));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "eq|\"x\"", "in|[\"x\"]", "gt|1", "gte|1", "lt|1", "lte|1", "between|[1,2]",
            "contains|\"x\"", "starts_with|\"x\"", "ends_with|\"x\"", "matches|\".*\""})
        void aMissingFieldMatchesNoPositiveOp(String op, String value) {
            assertFalse(matches("phone", op, value));
            assertFalse(matches("attributes.unknown", op, value));
            assertFalse(matches("noSuchField", op, value));
        }

        @Test
        void aMissingFieldIsNotEqualToAnythingAndInNoList() {
            assertTrue(matches("phone", "ne", "\"x\""));
            assertTrue(matches("phone", "not_in", "[\"x\"]"));
            lead.attributes = null;
            assertTrue(matches("attributes.x", "not_exists", null));
        }
    }

    @Nested
    class Fields {
        @Test
        void readsAttributesEmailDomainCampaignScoreAndGrade() {
            lead.attributes.put("segment", "Enterprise");
            lead.campaign = Map.of("utmSource", "google");
            lead.score = 72;
            lead.grade = Grade.HOT;
            assertTrue(matches("attributes.segment", "eq", "\"enterprise\""));
            assertTrue(matches("emailDomain", "ends_with", "\".com\""));
            assertTrue(matches("campaign.utmSource", "eq", "\"Google\""));
            assertTrue(matches("score", "gte", "60"));
            assertTrue(matches("grade", "eq", "\"hot\""));
        }
    }
}
