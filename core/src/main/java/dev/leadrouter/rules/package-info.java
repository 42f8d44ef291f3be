/**
 * The rule engine: ops-edited rule items (CONTRACT.md, "Rule — table lead-router-rules") validated, compiled once per
 * version of the rules table, and evaluated against leads.
 * <p>
 * Semantics, where CONTRACT.md leaves room:
 * <ul>
 * <li>Rules run by ascending {@code priority}; an item without one has priority 0, ties go by ruleId.
 *     Numbers, booleans and enum names are accepted as typed in the console ("10", "true", "gte").</li>
 * <li>A field that is absent or blank is missing: {@code not_exists}, {@code ne} and {@code not_in}
 *     are true for it, every other operator false. {@code exists} means present and not blank.</li>
 * <li>{@code eq}, {@code ne}, {@code in}, {@code not_in} compare as numbers when both sides read as
 *     numbers (10, "10", "10.0" are equal), otherwise as text ignoring case.</li>
 * <li>{@code gt}, {@code gte}, {@code lt}, {@code lte} take a number or an ISO date (a date alone is
 *     the start of that day in UTC); a lead value that is not of that kind does not match.
 *     {@code between [low, high]} includes both ends and also takes two texts (ignoring case).</li>
 * <li>{@code contains}, {@code starts_with}, {@code ends_with} ignore case; {@code matches} is a
 *     case-insensitive regex found anywhere in the value (anchor it with ^ and $ for a full match).</li>
 * <li>While a lead is scored, {@code score} and {@code grade} are those of the points accumulated
 *     so far by the rules before (see {@link dev.leadrouter.rules.Qualifier}).</li>
 * <li>In the settings item each invalid value is reported and replaced by its default.</li>
 * </ul>
 * Matching never throws, whatever a lead holds.
 */
package dev.leadrouter.rules;
