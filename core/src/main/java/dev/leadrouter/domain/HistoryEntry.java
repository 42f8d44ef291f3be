package dev.leadrouter.domain;

/** One state change of a lead: when, what, a short human-readable detail, and who did it (null: the system). */
public record HistoryEntry(String at, String event, String detail, String by) {
    public HistoryEntry(String at, String event, String detail) {
        this(at, event, detail, null);
    }
}
