package dev.leadrouter.domain;

/** One state change of a lead: when, what, and a short human-readable detail. */
public record HistoryEntry(String at, String event, String detail) {
}
