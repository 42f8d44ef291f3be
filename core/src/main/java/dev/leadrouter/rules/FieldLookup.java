package dev.leadrouter.rules;

/** Where conditions read field values: a lead, or a lead seen with a score still being accumulated. */
@FunctionalInterface
interface FieldLookup {
    Object get(String field);
}
